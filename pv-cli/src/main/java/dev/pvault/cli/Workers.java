package dev.pvault.cli;

import dev.pvault.core.VaultException;
import dev.pvault.local.FunctionRunner;

/** The function runner's settings from a command's {@code --workers}. */
final class Workers {
    private Workers() {}

    static FunctionRunner.Settings settings(Integer instances) {
        FunctionRunner.Settings defaults = FunctionRunner.Settings.defaults();
        if (instances == null) {
            return defaults;
        }
        if (instances < 1 || instances > 64) {
            throw new VaultException("--workers is 1..64, got " + instances);
        }
        return defaults.withInstances(instances);
    }
}
