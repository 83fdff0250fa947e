package dev.pvault.client;

import dev.pvault.core.crypto.BatchEnvelope;
import dev.pvault.core.crypto.BatchObjectKey;
import dev.pvault.core.crypto.UserKeys;
import dev.pvault.core.model.BatchId;
import dev.pvault.core.model.ChatMessage;
import dev.pvault.core.worker.BlobStore;
import dev.pvault.core.worker.JobProcessor;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The one place a client fetches and opens its own sealed batches (search shows hits from them, delete finds a
 * chat's batches, an import learns the ids of batches queued before ids were recorded).
 *
 * <p>One meaning for a batch that is not there: {@link Optional#empty()}, and every caller skips it (a batch
 * deleted meanwhile, or one whose upload never happened). A batch that is there but does not open is damaged
 * or forged: an {@link dev.pvault.core.crypto.EnvelopeException}, never shown.
 */
final class BatchReader {
    /** A batch larger than this is not one this client wrote: the worker's own limit. */
    static final long MAX_BATCH_BYTES = JobProcessor.Settings.DEFAULTS.maxBatchBytes();

    private final BlobStore blobs;
    private final UserKeys keys;

    BatchReader(BlobStore blobs, UserKeys keys) {
        this.blobs = Objects.requireNonNull(blobs, "blobs");
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    /** The messages of {@code batch}, in their order, or empty when the blob store has no such batch. */
    Optional<List<ChatMessage>> read(BatchId batch) {
        return blobs.get(new BatchObjectKey(keys.userId(), batch).key(), MAX_BATCH_BYTES)
                .map(envelope -> BatchEnvelope.open(envelope, keys.keyPair(), keys.userId(), batch));
    }
}
