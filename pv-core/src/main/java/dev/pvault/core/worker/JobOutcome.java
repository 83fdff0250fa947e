package dev.pvault.core.worker;

import dev.pvault.core.model.JobId;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What became of one job: {@link Stored}, {@link Retry} (transient, hand it back to the queue) or {@link
 * Poison} (permanent). Reasons name ids, sizes, key ids and exception types, never content.
 */
public sealed interface JobOutcome {

    /** The job, when its document could be read far enough to name it. */
    Optional<JobId> jobId();

    /** From the start of processing to the outcome. */
    Duration elapsed();

    /** Whether the queue message should be deleted (only a stored job's). */
    default boolean succeeded() {
        return this instanceof Stored;
    }

    /**
     * The job's vectors are stored (by this attempt or, when {@code alreadyDone}, an earlier one).
     *
     * @param embedded messages this attempt embedded and stored
     * @param alreadyPresent messages that already had a vector for the model
     * @param skipped messages not embedded (media)
     * @param alreadyDone the job was DONE before this attempt started: nothing was fetched or embedded
     */
    record Stored(JobId job, int embedded, int alreadyPresent, int skipped, boolean alreadyDone, Duration elapsed)
            implements JobOutcome {
        public Stored {
            Objects.requireNonNull(job, "job");
            Objects.requireNonNull(elapsed, "elapsed");
        }

        @Override
        public Optional<JobId> jobId() {
            return Optional.of(job);
        }
    }

    /** A transient failure: the job goes back to its queue and is tried again. */
    record Retry(Optional<JobId> jobId, String reason, Duration elapsed) implements JobOutcome {
        public Retry {
            Objects.requireNonNull(jobId, "jobId");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(elapsed, "elapsed");
        }
    }

    /** A permanent failure: the job can never succeed as it is, and ends in the dead-letter queue. */
    record Poison(Optional<JobId> jobId, String reason, Duration elapsed) implements JobOutcome {
        public Poison {
            Objects.requireNonNull(jobId, "jobId");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(elapsed, "elapsed");
        }
    }
}
