package dev.pvault.core.api;

import dev.pvault.core.model.JobId;
import java.util.Objects;
import java.util.Optional;

/**
 * A job in the dead-letter queue, with why it failed as the store recorded it.
 *
 * @param messageId the dead-letter queue's id of the message
 * @param jobId empty when the message is not a readable job document
 */
public record DeadJob(String messageId, Optional<JobId> jobId, int messages, int receives, Optional<String> reason) {
    public DeadJob {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(reason, "reason");
    }
}
