package dev.pvault.core.worker;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A job as the store records it.
 *
 * @param ticket whose job, which batch, model and message count
 * @param state where it stands
 * @param attempts how many times a worker started it
 * @param counts what the finished job did (zeros until DONE)
 * @param errorReason why the last attempt failed, without content; empty once DONE or before a failure
 */
public record JobStatus(
        JobTicket ticket,
        JobState state,
        int attempts,
        JobCounts counts,
        Optional<WrappedResultKey> resultKey,
        Optional<String> errorReason,
        Instant createdAt,
        Instant updatedAt) {

    public JobStatus {
        Objects.requireNonNull(ticket, "ticket");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(counts, "counts");
        Objects.requireNonNull(resultKey, "resultKey");
        Objects.requireNonNull(errorReason, "errorReason");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
