package dev.pvault.core.crypto;

import dev.pvault.core.VaultException;

/**
 * Argon2id cost parameters (RFC 9106), recorded in every key file so that a file opens with the settings
 * it was sealed with, whatever the defaults are by then.
 */
public record Argon2Settings(int memoryKiB, int iterations, int parallelism) {
    /**
     * 64 MiB, 3 passes, 1 lane: RFC 9106's second recommended option with one lane (a phone or a 2-core
     * laptop has no lanes to spare). Unlocking costs a fraction of a second, once per command.
     */
    public static final Argon2Settings DEFAULT = new Argon2Settings(64 * 1024, 3, 1);
    /** Bounds on what a key file may ask for: a tampered file must not make opening allocate gigabytes. */
    static final int MAX_MEMORY_KIB = 4 * 1024 * 1024;

    public Argon2Settings {
        if (memoryKiB < 8 * parallelism
                || memoryKiB > MAX_MEMORY_KIB
                || iterations < 1
                || iterations > 64
                || parallelism < 1
                || parallelism > 64) {
            throw new VaultException("Argon2id settings out of range: memory " + memoryKiB + " KiB, " + iterations
                    + " iterations, " + parallelism + " lanes");
        }
    }
}
