package dev.pvault.cli;

import dev.pvault.core.UserException;
import dev.pvault.local.FunctionRunner;

/**
 * The function runner's settings from a command's {@code --workers}, and the local visibility timeout from
 * {@code PV_LOCAL_VISIBILITY_SECONDS} (or the system property {@code pvault.local.visibilitySeconds}): how
 * soon a job interrupted by a kill comes back. The default minute suits jobs of a few seconds; tests that
 * kill workers on purpose shorten it.
 */
final class Workers {
    static final String VISIBILITY_ENV = "PV_LOCAL_VISIBILITY_SECONDS";
    static final String VISIBILITY_PROPERTY = "pvault.local.visibilitySeconds";

    private Workers() {}

    static FunctionRunner.Settings settings(Integer instances) {
        FunctionRunner.Settings defaults = withVisibility(FunctionRunner.Settings.defaults());
        if (instances == null) {
            return defaults;
        }
        if (instances < 1 || instances > 64) {
            throw new UserException("--workers is 1..64, got " + instances);
        }
        return defaults.withInstances(instances);
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
        return settings.withVisibility(java.time.Duration.ofSeconds(seconds));
    }
}
