package dev.pvault.cli;

import dev.pvault.core.UserException;
import dev.pvault.local.FunctionRunner;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The local function instances' options, for every command that embeds in local mode: {@code --workers},
 * and the visibility timeout from {@code PV_LOCAL_VISIBILITY_SECONDS} (or the system property {@code
 * pvault.local.visibilitySeconds}): how soon a job interrupted by a kill comes back. The default minute suits
 * jobs of a few seconds; tests that kill workers on purpose shorten it.
 */
public final class WorkerOptions {
    static final String VISIBILITY_ENV = "PV_LOCAL_VISIBILITY_SECONDS";
    static final String VISIBILITY_PROPERTY = "pvault.local.visibilitySeconds";

    @Option(
            names = "--workers",
            paramLabel = "N",
            description = "Function instances embedding at once, 1..64 (default: one per core).")
    Integer workers;

    /** The function runner's settings these options give. */
    public FunctionRunner.Settings settings() {
        FunctionRunner.Settings settings = withVisibility(FunctionRunner.Settings.defaults());
        if (workers == null) {
            return settings;
        }
        if (workers < 1 || workers > 64) {
            throw new UserException("--workers is 1..64, got " + workers);
        }
        return settings.withInstances(workers);
    }

    /** The default settings (for a command with no --workers of its own). */
    static FunctionRunner.Settings defaults() {
        return new WorkerOptions().settings();
    }

    /** The options as if {@code --workers} were {@code workers} (null: not given). */
    static WorkerOptions of(Integer workers) {
        WorkerOptions options = new WorkerOptions();
        options.workers = workers;
        return options;
    }

    private static FunctionRunner.Settings withVisibility(FunctionRunner.Settings settings) {
        String value = System.getProperty(VISIBILITY_PROPERTY, System.getenv(VISIBILITY_ENV));
        if (value == null || value.isBlank()) {
            return settings;
        }
        long seconds;
        try {
            seconds = Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new UserException(VISIBILITY_ENV + " must be a whole number of seconds, not '" + value + "'");
        }
        if (seconds < 2 || seconds > 12 * 3600) {
            throw new UserException(VISIBILITY_ENV + " is 2..43200 seconds, not " + seconds);
        }
        return settings.withVisibility(Duration.ofSeconds(seconds));
    }
}
