package dev.pvault.client;

import dev.pvault.core.api.ObjectTransfer;
import dev.pvault.core.api.VaultApi;
import dev.pvault.core.crypto.BatchEnvelope;
import dev.pvault.core.crypto.UserKeys;
import dev.pvault.core.model.BatchId;
import dev.pvault.core.model.ChatMessage;
import dev.pvault.core.worker.JobProcessor;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The one place a client fetches and opens its own sealed batches (search shows hits from them, delete finds a
 * chat's batches, an import learns the ids of batches queued before ids were recorded).
 *
 * It asks the service for a presigned download and fetches the batch from the object store itself.
 *
 * <p>One meaning for a batch that is not there: {@link Optional#empty()}, and every caller skips it (a batch
 * deleted meanwhile, or one whose upload never happened). A batch that is there but does not open is damaged
 * or forged: an {@link dev.pvault.core.crypto.EnvelopeException}, never shown.
 */
final class BatchReader {
    /** A batch larger than this is not one this client wrote: the worker's own limit. */
    static final long MAX_BATCH_BYTES = JobProcessor.Settings.DEFAULTS.maxBatchBytes();

    private final VaultApi api;
    private final ObjectTransfer transfer;
    private final UserKeys keys;

    BatchReader(VaultApi api, ObjectTransfer transfer, UserKeys keys) {
        this.api = Objects.requireNonNull(api, "api");
        this.transfer = Objects.requireNonNull(transfer, "transfer");
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    /** The messages of {@code batch}, in their order, or empty when the vault has no such batch. */
    Optional<List<ChatMessage>> read(BatchId batch) {
        return api.batch(batch)
                .flatMap(download -> transfer.get(download, MAX_BATCH_BYTES))
                .map(envelope -> BatchEnvelope.open(envelope, keys.keyPair(), keys.userId(), batch));
    }
}
