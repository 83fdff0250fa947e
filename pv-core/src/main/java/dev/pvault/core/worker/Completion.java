package dev.pvault.core.worker;

import dev.pvault.core.model.MessageId;
import java.util.List;
import java.util.Objects;

/**
 * What {@link EmbeddingStore#complete} did.
 *
 * @param applied false when the job was already DONE (another attempt finished it first): nothing was written
 * @param written vectors inserted
 * @param raced vectors not inserted because another job stored the same message meanwhile (the first is kept)
 * @param status the job row after the call
 */
public record Completion(boolean applied, int written, List<MessageId> raced, JobStatus status) {
    public Completion {
        raced = List.copyOf(raced);
        Objects.requireNonNull(status, "status");
    }
}
