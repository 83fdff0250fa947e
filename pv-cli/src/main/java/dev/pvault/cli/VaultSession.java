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
    private final LocalVault vault;
    private final ShutdownGuard guard;

    private VaultSession(LocalVault vault, ShutdownGuard guard) {
        this.vault = vault;
        this.guard = guard;
    }

    /** Opens the vault in {@code home} and starts {@code needs} in the background. */
    static VaultSession open(Path home, LocalVault.Need... needs) {
        LocalVault vault = LocalVault.open(home);
        ShutdownGuard guard = ShutdownGuard.closeOnExit(vault);
        vault.prepare(needs);
        return new VaultSession(vault, guard);
    }

    /** As {@link #open(Path, LocalVault.Need...)}, for the home the command's options name. */
    static VaultSession open(CommonOptions common, LocalVault.Need... needs) {
        return open(common.home(), needs);
    }

    LocalVault vault() {
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
