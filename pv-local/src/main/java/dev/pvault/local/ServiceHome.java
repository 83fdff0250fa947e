package dev.pvault.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pvault.core.UnavailableException;
import dev.pvault.core.UserException;
import dev.pvault.core.crypto.RecipientPublicKey;
import dev.pvault.core.crypto.WorkerKeyring;
import dev.pvault.core.model.UserId;
import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The folder of a vault service on one machine ({@code pvault serve}):
 *
 * <pre>
 * service.json            public facts: format, embedder, model id, creation time
 * keys/worker-keys.json   the worker's keyring (the service operator's secret, as Secrets Manager holds it in AWS)
 * users.json              user names and the user ids their tokens carry
 * local/                  PostgreSQL, SQS and S3 data; local/service/issuer-key.json signs the tokens
 * local/endpoints.json    while the service runs: where its loopback services listen (no secret)
 * </pre>
 *
 * Folders are 0700 and files 0600. A service home is not a vault home: it holds no user's keys.
 */
public final class ServiceHome {
    public static final String DESCRIPTOR = "service.json";
    public static final String WORKER_KEYS_FILE = "keys/worker-keys.json";
    public static final String USERS_FILE = "users.json";
    public static final String CLOUD_FOLDER = "local";
    public static final String ISSUER_FOLDER = "local/service";
    /** Where a running {@code pvault serve} says where its loopback services listen (for extra workers). */
    public static final String ENDPOINTS_FILE = "local/endpoints.json";

    private static final Pattern USER_NAME = Pattern.compile("[a-z0-9][a-z0-9._@-]{0,63}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path root;
    private final String embedder;
    private final String model;

    private ServiceHome(Path root, String embedder, String model) {
        this.root = root;
        this.embedder = embedder;
        this.model = model;
    }

    /** The service home in {@code dir}, created (with a fresh worker keyring) for {@code embedder} if absent. */
    public static ServiceHome openOrCreate(Path dir, String embedder, String model) {
        Path root = dir.toAbsolutePath().normalize();
        Path descriptor = root.resolve(DESCRIPTOR);
        try {
            if (!Files.exists(descriptor)) {
                if (Files.isRegularFile(root.resolve("vault.json"))) {
                    throw new UserException(root + " is a vault, not a service home; choose another --home");
                }
                Files.createDirectories(root.resolve("keys"));
                restrict(root);
                restrict(root.resolve("keys"));
                try (WorkerKeyring keyring = WorkerKeyring.generate()) {
                    writePrivate(root.resolve(WORKER_KEYS_FILE), keyring.toJson());
                }
                ObjectNode node = JSON.createObjectNode()
                        .put("type", "pvault-service")
                        .put("format", 1)
                        .put("embedder", embedder)
                        .put("model", model)
                        .put("created", Instant.now().toString());
                writePrivate(descriptor, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node) + "\n");
            }
            JsonNode node = JSON.readTree(Files.readString(descriptor, StandardCharsets.UTF_8));
            if (!"pvault-service".equals(node.path("type").asText())) {
                throw new UserException(descriptor + " is not a pvault service descriptor");
            }
            return new ServiceHome(
                    root, node.path("embedder").asText(), node.path("model").asText());
        } catch (IOException e) {
            throw new UnavailableException(
                    "cannot open the service home " + root + " (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    /** The service home in {@code dir}; a user error when there is none. */
    public static ServiceHome open(Path dir) {
        Path root = dir.toAbsolutePath().normalize();
        if (!Files.isRegularFile(root.resolve(DESCRIPTOR))) {
            throw new UserException(
                    "no service home in " + root + " (start one with 'pvault serve --home " + root + "')");
        }
        return openOrCreate(root, "", "");
    }

    public Path root() {
        return root;
    }

    public String embedder() {
        return embedder;
    }

    public String model() {
        return model;
    }

    public Path cloudFolder() {
        return root.resolve(CLOUD_FOLDER);
    }

    public Path issuerFolder() {
        return root.resolve(ISSUER_FOLDER);
    }

    public Path workerKeysFile() {
        return root.resolve(WORKER_KEYS_FILE);
    }

    /**
     * Where a running service's loopback services listen: what a worker in another process needs besides the
     * keyring (which it reads from this home). No secret.
     */
    public record Endpoints(
            URI s3,
            String bucket,
            URI sqs,
            String queueUrl,
            String deadLetterQueueUrl,
            String jdbcUrl,
            String dbUser,
            String region) {}

    /** Records where the running service's loopback services listen. */
    public void writeEndpoints(Endpoints endpoints) {
        ObjectNode node = JSON.createObjectNode()
                .put("s3", endpoints.s3().toString())
                .put("bucket", endpoints.bucket())
                .put("sqs", endpoints.sqs().toString())
                .put("queueUrl", endpoints.queueUrl())
                .put("deadLetterQueueUrl", endpoints.deadLetterQueueUrl())
                .put("jdbcUrl", endpoints.jdbcUrl())
                .put("dbUser", endpoints.dbUser())
                .put("region", endpoints.region());
        try {
            Files.createDirectories(root.resolve(CLOUD_FOLDER));
            writePrivate(root.resolve(ENDPOINTS_FILE), node.toString() + "\n");
        } catch (IOException e) {
            throw new UnavailableException(
                    "cannot write " + ENDPOINTS_FILE + " (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    /** Forgets the endpoints (the service stopped). */
    public void clearEndpoints() {
        try {
            Files.deleteIfExists(root.resolve(ENDPOINTS_FILE));
        } catch (IOException e) {
            // A stale file names ports nobody listens on: a worker started with it reports that it cannot connect.
        }
    }

    /** Where a running service's loopback services listen; a user error when none runs. */
    public Endpoints endpoints() {
        Path file = root.resolve(ENDPOINTS_FILE);
        if (!Files.isRegularFile(file)) {
            throw new UserException("no 'pvault serve' runs on " + root + " (start it first)");
        }
        try {
            JsonNode node = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
            return new Endpoints(
                    URI.create(node.path("s3").asText()),
                    node.path("bucket").asText(),
                    URI.create(node.path("sqs").asText()),
                    node.path("queueUrl").asText(),
                    node.path("deadLetterQueueUrl").asText(),
                    node.path("jdbcUrl").asText(),
                    node.path("dbUser").asText(),
                    node.path("region").asText());
        } catch (IOException e) {
            throw new UnavailableException(
                    "cannot read " + file + " (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    /** The public key of the worker's current key; the private keys are wiped at once. */
    public RecipientPublicKey workerPublicKey() {
        try (WorkerKeyring keyring = WorkerKeyring.parse(Files.readString(workerKeysFile(), StandardCharsets.UTF_8))) {
            return keyring.current().publicKey();
        } catch (IOException e) {
            throw new UnavailableException(
                    "cannot read " + workerKeysFile() + " (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    /**
     * The user id of the user {@code name}, made and recorded on first use. Safe beside a running service and
     * other callers: the file is changed under an OS lock and replaced in one step.
     */
    public UserId userId(String name) {
        if (!USER_NAME.matcher(name).matches()) {
            throw new UserException("a user name is 1 to 64 of a-z, 0-9 and . _ @ - (starting with a letter or digit)");
        }
        Path file = root.resolve(USERS_FILE);
        Path lockFile = root.resolve(USERS_FILE + ".lock");
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = channel.lock()) {
            ObjectNode users = Files.exists(file)
                    ? (ObjectNode) JSON.readTree(Files.readString(file, StandardCharsets.UTF_8))
                    : JSON.createObjectNode();
            JsonNode known = users.get(name);
            if (known != null) {
                return UserId.parse(known.asText());
            }
            UserId fresh = UserId.random();
            users.put(name, fresh.toString());
            writePrivate(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(users) + "\n");
            return fresh;
        } catch (IOException e) {
            throw new UnavailableException(
                    "cannot read or write " + file + " (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    /** The names of the users recorded so far, with their ids. */
    public Map<String, UserId> users() {
        Path file = root.resolve(USERS_FILE);
        if (!Files.exists(file)) {
            return Map.of();
        }
        try {
            JsonNode users = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
            Map<String, UserId> all = new java.util.TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = users.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                all.put(entry.getKey(), UserId.parse(entry.getValue().asText()));
            }
            return all;
        } catch (IOException e) {
            throw new UnavailableException(
                    "cannot read " + file + " (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    private static void writePrivate(Path file, String content) throws IOException {
        Objects.requireNonNull(content, "content");
        Path temp = Files.createTempFile(
                file.getParent(),
                "." + file.getFileName(),
                ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(temp, content, StandardCharsets.UTF_8);
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void restrict(Path dir) throws IOException {
        if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Override
    public String toString() {
        return "ServiceHome[" + root + ", model=" + model + "]";
    }
}
