package dev.pvault.core.worker;

import dev.pvault.core.crypto.WorkerKeyring;
import java.util.Objects;

/**
 * Where the worker's private keys come from: Secrets Manager in the cloud, a private file locally.
 *
 * <p>Implementations load on first use, never earlier (a Lambda SnapStart snapshot taken during init must
 * not hold a decrypted key), cache the keyring for the life of the process, and never log it.
 */
public interface WorkerKeySource {

    /** The current keyring, loading it on the first call. */
    WorkerKeyring keyring();

    /**
     * Called when a job names a worker key this keyring does not hold (the key was rolled after this
     * process loaded it). Loads the keyring again if the source allows it now; returns whether it did.
     */
    default boolean reload() {
        return false;
    }

    /** A fixed keyring (tests, and callers that loaded it themselves). */
    static WorkerKeySource of(WorkerKeyring keyring) {
        Objects.requireNonNull(keyring, "keyring");
        return () -> keyring;
    }
}
