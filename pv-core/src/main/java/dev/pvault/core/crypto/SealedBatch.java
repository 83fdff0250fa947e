package dev.pvault.core.crypto;

/**
 * A freshly sealed batch: the envelope to upload and the batch key, which the client wraps once more to
 * the worker for the job and then closes.
 */
public record SealedBatch(BatchHeader header, byte[] envelope, DataKey batchKey) implements AutoCloseable {

    /** SHA-256 of the envelope: what a v2 job document's tag binds and the worker's signature names. */
    public byte[] digest() {
        return KeyId.sha256(envelope);
    }

    @Override
    public void close() {
        batchKey.close();
    }

    @Override
    public String toString() {
        return "SealedBatch[" + header + ", " + envelope.length + " bytes]";
    }
}
