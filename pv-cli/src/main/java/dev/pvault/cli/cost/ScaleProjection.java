package dev.pvault.cli.cost;

/**
 * The time for {@code messages} at the template's concurrency: one cold start, then each environment's share
 * of the jobs, beside the original design's target and its measured time.
 */
public record ScaleProjection(
        long messages,
        long jobs,
        long environments,
        double jobsPerEnvironment,
        double secondsPerJob,
        double coldStartSeconds,
        double projectedSeconds) {
    /** The original design's target for 10,000 messages: under 2 minutes. */
    public static final double DESIGN_TARGET_SECONDS = 120;

    /** What the original design measured for 10,000 messages (10 inputs per OpenAI request): 9.0 minutes. */
    public static final double DESIGN_MEASURED_SECONDS = 540;
}
