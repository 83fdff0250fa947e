package dev.pvault.cli;

import dev.pvault.core.crypto.UserKeys;
import java.nio.file.Path;

/**
 * What every command on an existing vault does first, in one place: open the home and take its lock, guard
 * the local services against Ctrl-C and SIGTERM (they shut down cleanly and release the vault), start the
 * services the command will need in the background, and unlock the keys with a passphrase that is wiped
 * however the command ends.
 */
final class VaultSession implements AutoCloseable {
    private final OpenVault vault;
    private final ShutdownGuard guard;

    private VaultSession(OpenVault vault, ShutdownGuard guard) {
        this.vault = vault;
        this.guard = guard;
    }

    /** Opens the local vault in {@code home} and starts {@code needs} in the background. */
    static VaultSession open(Path home, OpenVault.Need... needs) {
        return open(OpenVault.open(home), needs);
    }

    /** As {@link #open(Path, OpenVault.Need...)}, for the home the command's options name (and its token). */
    static VaultSession open(CommonOptions common, OpenVault.Need... needs) {
        return open(OpenVault.open(common.home(), common::serviceToken), needs);
    }

    private static VaultSession open(OpenVault vault, OpenVault.Need... needs) {
        ShutdownGuard guard = ShutdownGuard.closeOnExit(vault);
        vault.prepare(needs);
        return new VaultSession(vault, guard);
    }

    OpenVault vault() {
        return vault;
    }

    /** Reads the passphrase, unlocks the user's keys and wipes the passphrase; the caller closes the keys. */
    UserKeys unlock(PassphraseOptions options) {
        try (Passphrase passphrase = options.read()) {
            return unlock(passphrase);
        }
    }

    /** Unlocks the user's keys with {@code passphrase}, which the caller keeps (and closes). */
    UserKeys unlock(Passphrase passphrase) {
        return vault.home().unlock(passphrase.chars());
    }

    @Override
    public void close() {
        try {
            guard.close();
        } finally {
            vault.close();
        }
    }
}
