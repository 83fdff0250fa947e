package dev.pvault.core.crypto;

import dev.pvault.core.UserException;

/**
 * Argon2id cost parameters (RFC 9106), recorded in every key file so that a file opens with the settings
 * it was sealed with, whatever the defaults are by then.
 */
public record Argon2Settings(int memoryKiB, int iterations, int parallelism) {
    /**
     * 64 MiB, 3 passes: Bitwarden's default memory and passes, for a key file an attacker may copy and attack
     * offline (OWASP's 46 MiB x 1 is a floor for online login hashing). One lane: an attacker pays the same
     * per guess whatever the lanes, one lane is what libsodium (the Argon2id most iOS and web clients have)
     * computes, and on these shared 2-core machines it measured faster than 2 or 4 lanes (native, 64 MiB x 3:
     * 260-490 ms with 1 lane, 370-510 ms with 2, 580-630 ms with 4, under a load average of 9). Unlock
     * times: docs/FORMAT.md, "Measured unlock times". Files sealed before keep their recorded costs.
     */
    public static final Argon2Settings DEFAULT = new Argon2Settings(64 * 1024, 3, 1);

    /** The v1 default, recorded in key files made before format v2; such files still open. */
    public static final Argon2Settings FORMAT_1_DEFAULT = new Argon2Settings(46 * 1024, 1, 1);

    /** Whether these costs are below {@link #DEFAULT} in memory or passes (a re-seal would raise them). */
    public boolean weakerThanDefault() {
        return memoryKiB < DEFAULT.memoryKiB || iterations < DEFAULT.iterations;
    }

    /** Bounds on what a key file may ask for: a tampered file must not make opening allocate gigabytes. */
    static final int MAX_MEMORY_KIB = 4 * 1024 * 1024;

    public Argon2Settings {
        if (memoryKiB < 8 * parallelism
                || memoryKiB > MAX_MEMORY_KIB
                || iterations < 1
                || iterations > 64
                || parallelism < 1
                || parallelism > 64) {
            throw new UserException("Argon2id settings out of range: memory " + memoryKiB + " KiB, " + iterations
                    + " iterations, " + parallelism + " lanes");
        }
    }
}
