package dev.pvault.core.worker;

/**
 * What a finished job did with its messages.
 *
 * @param embedded messages embedded and stored by this job
 * @param alreadyPresent messages that already had a vector for this model (redelivery, overlapping import)
 * @param skipped messages that are not embedded (media placeholders)
 */
public record JobCounts(int embedded, int alreadyPresent, int skipped) {
    public static final JobCounts NONE = new JobCounts(0, 0, 0);

    public JobCounts {
        if (embedded < 0 || alreadyPresent < 0 || skipped < 0) {
            throw new IllegalArgumentException("counts must be >= 0");
        }
    }
}
