package dev.pvault.core.worker;

import java.util.Arrays;

/**
 * A job's result key wrapped to its user's public key ({@link dev.pvault.core.crypto.ResultKeys}): only the
 * user can unwrap it and open the job's vectors. Stored once per job.
 */
public final class WrappedResultKey {
    private final byte[] bytes;

    private WrappedResultKey(byte[] bytes) {
        this.bytes = bytes;
    }

    public static WrappedResultKey of(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new IllegalArgumentException("a wrapped result key is not empty");
        }
        return new WrappedResultKey(bytes.clone());
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof WrappedResultKey that && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "WrappedResultKey[" + bytes.length + " bytes]";
    }
}
