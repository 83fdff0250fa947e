package dev.pvault.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pvault.core.UnavailableException;
import dev.pvault.core.UserException;
import dev.pvault.core.VaultException;
import dev.pvault.core.crypto.Argon2Settings;
import dev.pvault.core.crypto.RecipientPublicKey;
import dev.pvault.core.crypto.UserKeyFile;
import dev.pvault.core.crypto.UserKeys;
import dev.pvault.core.crypto.WorkerKeyring;
import dev.pvault.core.model.UserId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The vault's folder on the user's device (docs/FORMAT.md, "Vault home"):
 *
 * <pre>
 * vault.json              public facts: format, user id, key ids, embedder and model id, creation time
 * keys/user-key.json      the user's keys, sealed under the passphrase (Argon2id + AES-256-GCM)
 * keys/worker-keys.json   the local worker's keyring (local mode's stand-in for the Secrets Manager secret)
 * keys/worker-public.json or, for a vault bound to a service, the worker's public key pinned at init
 * </pre>
 *
 * Folders are 0700 and key files 0600 where the file system supports POSIX permissions. A home is
 * created whole or not at all: it is assembled in a sibling folder and moved into place in one step.
 */
public final class VaultHome {
    public static final String DESCRIPTOR = "vault.json";
    public static final String USER_KEY_FILE = "keys/user-key.json";
    public static final String WORKER_KEYS_FILE = "keys/worker-keys.json";
    public static final String WORKER_PUBLIC_FILE = "keys/worker-public.json";
    public static final int FORMAT = 1;
    public static final String DEFAULT_EMBEDDER = "onnx:all-minilm-l6-v2";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<PosixFilePermission> PRIVATE_DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> PRIVATE_FILE = PosixFilePermissions.fromString("rw-------");

    private final Path root;
    private final Descriptor descriptor;

    /**
     * The public facts of a vault, as vault.json records them.
     *
     * @param embedder the embedder spec the vault was created with ({@code onnx:all-minilm-l6-v2})
     * @param model the id its vectors carry; absent in vaults made before it was recorded (see {@link
     *     #recordModel})
     * @param service the vault service this vault is bound to; absent for a local vault (its own service runs
     *     on loopback in each command)
     */
    public record Descriptor(
            int format,
            UserId userId,
            String userKeyId,
            String workerKeyId,
            String embedder,
            Optional<String> model,
            Optional<URI> service,
            Instant created) {
        public Descriptor {
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(service, "service");
        }

        private Descriptor withModel(Optional<String> newModel) {
            return new Descriptor(format, userId, userKeyId, workerKeyId, embedder, newModel, service, created);
        }

        private Descriptor withUserKey(String newUserKeyId) {
            return new Descriptor(format, userId, newUserKeyId, workerKeyId, embedder, model, service, created);
        }
    }

    private VaultHome(Path root, Descriptor descriptor) {
        this.root = root;
        this.descriptor = descriptor;
    }

    /**
     * Creates a new vault at {@code root}: fresh user keys sealed under {@code passphrase}, a fresh local
     * worker keyring. Refuses when {@code root} exists and is not an empty folder.
     */
    public static VaultHome create(Path root, char[] passphrase, Argon2Settings kdf) {
        return create(root, passphrase, kdf, DEFAULT_EMBEDDER, DEFAULT_EMBEDDER);
    }

    /**
     * As {@link #create(Path, char[], Argon2Settings)}, with the embedder the vault will use and the model id
     * its vectors will carry ({@code EmbedderProvider.modelIdOf(embedder, ...)}).
     */
    public static VaultHome create(Path root, char[] passphrase, Argon2Settings kdf, String embedder, String model) {
        try (WorkerKeyring worker = WorkerKeyring.generate()) {
            String keyring = worker.toJson();
            return create(
                    root,
                    passphrase,
                    kdf,
                    UserId.random(),
                    worker.current().publicKey(),
                    Optional.empty(),
                    embedder,
                    model,
                    staging -> writePrivate(staging.resolve(WORKER_KEYS_FILE), keyring));
        }
    }

    /**
     * Creates a vault bound to the vault service at {@code service}: the user id is the one the service's
     * token names, the worker's public key is pinned as the service gave it, and no local worker is kept.
     */
    public static VaultHome createForService(
            Path root,
            char[] passphrase,
            Argon2Settings kdf,
            UserId user,
            URI service,
            RecipientPublicKey workerKey,
            String embedder,
            String model) {
        Objects.requireNonNull(service, "service");
        String pinned = JSON.createObjectNode()
                .put("type", "pvault-worker-public-key")
                .put("keyId", workerKey.keyId().hex())
                .put("publicKey", workerKey.base64())
                .toString();
        return create(
                root,
                passphrase,
                kdf,
                user,
                workerKey,
                Optional.of(service),
                embedder,
                model,
                staging -> writePrivate(staging.resolve(WORKER_PUBLIC_FILE), pinned + "\n"));
    }

    @FunctionalInterface
    private interface WorkerFiles {
        void write(Path staging) throws IOException;
    }

    private static VaultHome create(
            Path root,
            char[] passphrase,
            Argon2Settings kdf,
            UserId userId,
            RecipientPublicKey workerKey,
            Optional<URI> service,
            String embedder,
            String model,
            WorkerFiles workerFiles) {
        Objects.requireNonNull(passphrase, "passphrase");
        Objects.requireNonNull(embedder, "embedder");
        Objects.requireNonNull(model, "model");
        Path target = root.toAbsolutePath().normalize();
        refuseExisting(target);
        Path parent = target.getParent();
        Path staging = parent.resolve("." + target.getFileName() + ".init-" + UUID.randomUUID());
        try {
            Files.createDirectories(parent);
            createPrivateDirectory(staging);
            createPrivateDirectory(staging.resolve("keys"));
            Descriptor descriptor;
            try (UserKeys user = UserKeys.generate(userId)) {
                writePrivate(staging.resolve(USER_KEY_FILE), UserKeyFile.seal(user, passphrase, kdf));
                workerFiles.write(staging);
                descriptor = new Descriptor(
                        FORMAT,
                        user.userId(),
                        user.publicKey().keyId().hex(),
                        workerKey.keyId().hex(),
                        embedder,
                        Optional.of(model),
                        service,
                        Instant.now());
            }
            writePrivate(staging.resolve(DESCRIPTOR), toJson(descriptor));
            moveIntoPlace(staging, target);
            return new VaultHome(target, descriptor);
        } catch (IOException e) {
            throw new UnavailableException("cannot create the vault in " + target + ": " + e.getMessage(), e);
        } finally {
            deleteRecursively(staging);
        }
    }

    /** Opens an existing vault; says clearly when there is none or it is damaged. */
    public static VaultHome open(Path root) {
        Path target = root.toAbsolutePath().normalize();
        Path descriptorFile = target.resolve(DESCRIPTOR);
        if (!Files.isRegularFile(descriptorFile)) {
            throw new UserException("no vault in " + target + " (run 'pvault init' first, or pass --home)");
        }
        try {
            return new VaultHome(target, parseDescriptor(Files.readString(descriptorFile), descriptorFile));
        } catch (IOException e) {
            throw new UnavailableException("cannot read " + descriptorFile + ": " + e.getMessage(), e);
        }
    }

    public Path root() {
        return root;
    }

    public Descriptor descriptor() {
        return descriptor;
    }

    public UserId userId() {
        return descriptor.userId();
    }

    /** The user's public key: enough to seal to the user without the passphrase. */
    public RecipientPublicKey userPublicKey() {
        return UserKeyFile.readPublic(read(USER_KEY_FILE)).publicKey();
    }

    /** Unlocks the user's keys; a wrong passphrase is a one-line {@link dev.pvault.core.crypto.WrongPassphraseException}. */
    public UserKeys unlock(char[] passphrase) {
        UserKeys keys = UserKeyFile.open(read(USER_KEY_FILE), passphrase);
        if (!keys.userId().equals(userId())) {
            String user = keys.userId().toString();
            keys.close();
            throw new UserException(
                    "the key file in " + root + " belongs to user " + user + ", not to this vault's " + userId());
        }
        return keys;
    }

    /**
     * Replaces the user's keys with fresh ones under the same passphrase (after {@code pvault delete --all}):
     * whatever sealed copy of the old data survives anywhere can no longer be opened by anyone. Returns the
     * new descriptor.
     */
    public VaultHome replaceUserKeys(char[] passphrase, Argon2Settings kdf) {
        unlock(passphrase).close(); // the passphrase must open the current keys first
        try (UserKeys fresh = UserKeys.generate(userId())) {
            writePrivate(root.resolve(USER_KEY_FILE), UserKeyFile.seal(fresh, passphrase, kdf));
            Descriptor replaced =
                    descriptor.withUserKey(fresh.publicKey().keyId().hex());
            writePrivate(root.resolve(DESCRIPTOR), toJson(replaced));
            return new VaultHome(root, replaced);
        } catch (IOException e) {
            throw new UnavailableException("cannot replace the keys in " + root + ": " + e.getMessage(), e);
        }
    }

    /**
     * Records the model id in vault.json (for a vault made before the id was recorded there), so that later
     * commands learn it without loading the model. Returns the home with the new descriptor.
     */
    public VaultHome recordModel(String model) {
        Descriptor recorded = descriptor.withModel(Optional.of(model));
        try {
            writePrivate(root.resolve(DESCRIPTOR), toJson(recorded));
        } catch (IOException e) {
            throw new UnavailableException("cannot write " + root.resolve(DESCRIPTOR) + ": " + e.getMessage(), e);
        }
        return new VaultHome(root, recorded);
    }

    /** The local worker's keyring (local mode only; in the cloud it lives in Secrets Manager). */
    public WorkerKeyring workerKeyring() {
        return WorkerKeyring.parse(read(WORKER_KEYS_FILE));
    }

    /**
     * The worker's public key jobs are wrapped to: for a vault bound to a service, the one pinned at init; for a
     * local vault, its local worker's current key (whose private keys are wiped at once).
     */
    public RecipientPublicKey workerPublicKey() {
        if (descriptor.service().isPresent()) {
            try {
                return RecipientPublicKey.ofBase64(JSON.readTree(read(WORKER_PUBLIC_FILE))
                        .path("publicKey")
                        .asText());
            } catch (IOException | VaultException e) {
                throw new UserException(
                        "the vault in " + root + " is damaged: " + WORKER_PUBLIC_FILE + " holds no public key");
            }
        }
        try (WorkerKeyring keyring = workerKeyring()) {
            return keyring.current().publicKey();
        }
    }

    private String read(String relative) {
        Path file = root.resolve(relative);
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UserException(
                    "the vault in " + root + " is damaged: cannot read " + relative + " ("
                            + e.getClass().getSimpleName() + ")",
                    e);
        }
    }

    private static void refuseExisting(Path target) {
        if (!Files.exists(target)) {
            return;
        }
        if (Files.isRegularFile(target.resolve(DESCRIPTOR))) {
            throw new UserException("a vault already exists in " + target + "; refusing to overwrite it");
        }
        if (!Files.isDirectory(target)) {
            throw new UserException(target + " exists and is not a folder; choose another --home");
        }
        try (Stream<Path> entries = Files.list(target)) {
            if (entries.findAny().isPresent()) {
                throw new UserException(target + " is not empty and holds no vault; choose an empty or new folder");
            }
        } catch (IOException e) {
            throw new UnavailableException("cannot read " + target + ": " + e.getMessage(), e);
        }
    }

    private static void moveIntoPlace(Path staging, Path target) throws IOException {
        try {
            Files.deleteIfExists(target); // only ever an empty folder here (refuseExisting checked)
        } catch (DirectoryNotEmptyException e) {
            throw new UserException(target + " filled up while the vault was being created; nothing was written");
        }
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(staging, target);
        } catch (FileAlreadyExistsException e) {
            throw new UserException(target + " appeared while the vault was being created; nothing was written");
        }
    }

    private static void createPrivateDirectory(Path dir) throws IOException {
        Files.createDirectory(dir);
        setPermissions(dir, PRIVATE_DIR);
    }

    /** Writes {@code content} to a 0600 file, through a temporary file and an atomic rename. */
    static void writePrivate(Path file, String content) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temp, content, StandardCharsets.UTF_8);
        setPermissions(temp, PRIVATE_FILE);
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void setPermissions(Path path, Set<PosixFilePermission> permissions) throws IOException {
        if (Files.getFileStore(path).supportsFileAttributeView("posix")) {
            Files.setPosixFilePermissions(path, permissions);
        }
    }

    private static void deleteRecursively(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // Best effort: a staging folder left behind holds only sealed keys and is named as such.
        }
    }

    private static String toJson(Descriptor d) throws IOException {
        ObjectNode node = JSON.createObjectNode()
                .put("type", "pvault-home")
                .put("format", d.format())
                .put("userId", d.userId().toString())
                .put("userKeyId", d.userKeyId())
                .put("workerKeyId", d.workerKeyId())
                .put("embedder", d.embedder())
                .put("created", d.created().toString());
        d.model().ifPresent(model -> node.put("model", model));
        d.service().ifPresent(service -> node.put("service", service.toString()));
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node) + "\n";
    }

    private static Descriptor parseDescriptor(String json, Path file) {
        try {
            JsonNode node = JSON.readTree(json);
            if (node == null || !"pvault-home".equals(node.path("type").asText())) {
                throw new UserException(file + " is not a pvault vault descriptor");
            }
            int format = node.path("format").asInt(-1);
            if (format != FORMAT) {
                throw new UserException(file + " has vault format " + format + "; this pvault reads format " + FORMAT);
            }
            return new Descriptor(
                    format,
                    UserId.parse(node.path("userId").asText()),
                    node.path("userKeyId").asText(),
                    node.path("workerKeyId").asText(),
                    node.path("embedder").asText(DEFAULT_EMBEDDER),
                    node.hasNonNull("model") ? Optional.of(node.get("model").asText()) : Optional.empty(),
                    node.hasNonNull("service")
                            ? Optional.of(URI.create(node.get("service").asText()))
                            : Optional.empty(),
                    Instant.parse(node.path("created").asText()));
        } catch (IOException | RuntimeException e) {
            if (e instanceof VaultException ve) {
                throw ve;
            }
            throw new UserException("the vault descriptor " + file + " is damaged ("
                    + e.getClass().getSimpleName() + "); restore it from a backup");
        }
    }

    @Override
    public String toString() {
        return "VaultHome[" + root + ", user=" + userId() + "]";
    }
}
