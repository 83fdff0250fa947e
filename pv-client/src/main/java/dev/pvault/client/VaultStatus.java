package dev.pvault.client;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Message counts by state, for the whole vault and per import. Every message imported is in exactly one
 * state, so {@code queued + running + done + failed + dead == imported} always holds.
 *
 * @param failed messages of jobs that failed for good and are still being retried towards the dead-letter queue
 * @param dead messages of jobs in the dead-letter queue ({@code pvault dlq})
 */
public record VaultStatus(Counts total, List<ImportCounts> imports) {
    public record Counts(long imported, long queued, long running, long done, long failed, long dead, int jobs) {
        public static final Counts ZERO = new Counts(0, 0, 0, 0, 0, 0, 0);

        Counts plus(Counts other) {
            return new Counts(
                    imported + other.imported,
                    queued + other.queued,
                    running + other.running,
                    done + other.done,
                    failed + other.failed,
                    dead + other.dead,
                    jobs + other.jobs);
        }
    }

    /** One import's counts; {@code importId} is empty for jobs no local import journal knows. */
    public record ImportCounts(UUID importId, Instant started, Counts counts) {}

    public VaultStatus {
        imports = List.copyOf(imports);
    }
}
