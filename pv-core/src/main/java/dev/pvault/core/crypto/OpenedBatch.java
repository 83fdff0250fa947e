package dev.pvault.core.crypto;

import dev.pvault.core.model.BatchId;
import dev.pvault.core.model.ChatMessage;
import java.util.List;
import java.util.Objects;

/**
 * A batch that opened for its owner: its messages, whether its origin is proven (v2) or was accepted
 * unproven (v1), and the SHA-256 of its envelope (see {@link VerifiedResult#embedded}).
 */
public record OpenedBatch(BatchId batchId, int version, List<ChatMessage> messages, byte[] digest) {
    public OpenedBatch {
        Objects.requireNonNull(batchId, "batchId");
        messages = List.copyOf(messages);
        digest = digest.clone();
    }

    @Override
    public byte[] digest() {
        return digest.clone();
    }

    public boolean proven() {
        return version >= BatchEnvelope.VERSION;
    }

    @Override
    public String toString() {
        return "OpenedBatch[" + batchId + ", v" + version + ", " + messages.size() + " messages]";
    }
}
