package dev.pvault.aws;

import dev.pvault.core.UnavailableException;
import dev.pvault.core.UserException;
import dev.pvault.core.VaultException;
import dev.pvault.core.crypto.KeyId;
import dev.pvault.core.crypto.RecipientKeyPair;
import dev.pvault.core.crypto.WorkerKeyring;
import dev.pvault.core.worker.WorkerKeySource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The worker keyring from Secrets Manager (by secret id) or a private file, loaded on first use (never
 * during Lambda init: a SnapStart snapshot must not hold it) and cached for the life of the process, one
 * load per container. A job wrapped to a key this keyring lacks (the key was rolled after the load) may
 * trigger one reload, at most once per {@code reloadAfter}. The secret's text is parsed and dropped; the
 * keyring's {@code toString} shows key ids only, and nothing here logs more than a key id.
 *
 * <p>A replaced keyring is not closed: jobs running on other threads may still hold its keys.
 */
public final class CachedKeySource implements WorkerKeySource {
    private static final Logger LOG = LoggerFactory.getLogger(CachedKeySource.class);

    private final Supplier<String> loader;
    private final String description;
    private final InstantSource clock;
    private final Duration reloadAfter;
    private WorkerKeyring keyring;
    private Instant loadedAt;

    private CachedKeySource(Supplier<String> loader, String description, InstantSource clock, Duration reloadAfter) {
        this.loader = loader;
        this.description = description;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.reloadAfter = Objects.requireNonNull(reloadAfter, "reloadAfter");
    }

    /** The keyring is the value of secret {@code secretId} (its JSON form, {@link WorkerKeyring#toJson()}). */
    public static CachedKeySource fromSecret(
            SecretsManagerClient secrets, String secretId, InstantSource clock, Duration reloadAfter) {
        Objects.requireNonNull(secrets, "secrets");
        Objects.requireNonNull(secretId, "secretId");
        Supplier<String> loader = () -> {
            try {
                return secrets.getSecretValue(b -> b.secretId(secretId)).secretString();
            } catch (SdkException e) {
                throw AwsErrors.translate("reading the worker keyring from secret " + secretId, e);
            }
        };
        return new CachedKeySource(loader, "secret " + secretId, clock, reloadAfter);
    }

    /** The keyring is the content of {@code file}, which should be readable by its owner only. */
    public static CachedKeySource fromFile(Path file, InstantSource clock, Duration reloadAfter) {
        Objects.requireNonNull(file, "file");
        Supplier<String> loader = () -> {
            try {
                warnIfShared(file);
                return Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UnavailableException(
                        "cannot read the worker keyring " + file + " ("
                                + e.getClass().getSimpleName() + ")",
                        e);
            }
        };
        return new CachedKeySource(loader, "file " + file, clock, reloadAfter);
    }

    @Override
    public synchronized WorkerKeyring keyring() {
        if (keyring == null) {
            load();
        }
        return keyring;
    }

    @Override
    public synchronized boolean reload() {
        if (loadedAt != null && clock.instant().isBefore(loadedAt.plus(reloadAfter))) {
            return false;
        }
        WorkerKeyring before = keyring;
        load();
        return before == null || !keyIds(before).equals(keyIds(keyring));
    }

    private static List<KeyId> keyIds(WorkerKeyring keyring) {
        return keyring.keys().stream().map(RecipientKeyPair::keyId).toList();
    }

    private void load() {
        String json = loader.get();
        if (json == null || json.isBlank()) {
            throw new UserException("the worker keyring in " + description + " is empty");
        }
        try {
            keyring = WorkerKeyring.parse(json);
        } catch (VaultException e) {
            // A misconfigured secret is the operator's to fix, not the job's fault: not an envelope failure
            // (which would make every job poison), so jobs are retried until it is fixed.
            throw new UserException("the worker keyring in " + description + " is not a pvault-worker-keys"
                    + " document (" + e.getClass().getSimpleName() + ")");
        }
        loadedAt = clock.instant();
        LOG.info("loaded worker keyring from {}: {}", description, keyring);
    }

    private static void warnIfShared(Path file) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (permissions.contains(PosixFilePermission.GROUP_READ)
                    || permissions.contains(PosixFilePermission.OTHERS_READ)) {
                LOG.warn("the worker keyring {} is readable by others than its owner (chmod 600 it)", file);
            }
        } catch (IOException | UnsupportedOperationException e) {
            // Not a POSIX file system: nothing to check.
        }
    }

    @Override
    public String toString() {
        return "CachedKeySource[" + description + "]";
    }
}
