package dev.pvault.core.worker;

import dev.pvault.core.crypto.BatchObjectKey;
import dev.pvault.core.crypto.JobDocument;
import dev.pvault.core.model.BatchId;
import dev.pvault.core.model.JobId;
import dev.pvault.core.model.UserId;
import java.util.Objects;

/** What the job table knows of a job before it runs: whose, which batch, which model, how many messages. */
public record JobTicket(JobId jobId, UserId userId, BatchId batchId, String model, int messageCount) {
    public JobTicket {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(batchId, "batchId");
        Objects.requireNonNull(model, "model");
        if (messageCount < 0) {
            throw new IllegalArgumentException("messageCount must be >= 0, got " + messageCount);
        }
    }

    /** The ticket of a parsed job; checks that its object key is a batch of its user. */
    public static JobTicket of(JobDocument job) {
        BatchObjectKey key = job.batchObjectKey();
        return new JobTicket(job.jobId(), job.userId(), key.batchId(), job.model(), job.messageCount());
    }
}
