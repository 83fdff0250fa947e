package dev.pvault.aws;

import dev.pvault.core.UserException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The worker's configuration, parsed once from environment variables (the Lambda function's, or {@code
 * pvault worker}'s flags turned into the same names) and handed down. The names are the constants below;
 * {@code deploy/aws/template.yaml} is checked against them by a test.
 *
 * @param bucket where sealed batches are ({@value #BUCKET})
 * @param queueUrl the job queue; the poller needs it, the Lambda function is handed records ({@value #QUEUE_URL})
 * @param embedder the embedder spec, e.g. {@code onnx:all-minilm-l6-v2} ({@value #EMBEDDER})
 * @param keysSecretId the Secrets Manager secret holding the worker keyring ({@value #KEYS_SECRET_ID})
 * @param keysFile or a private file holding it, locally ({@value #KEYS_FILE})
 * @param keysReloadAfter how soon after a load a job naming an unknown key may trigger another
 * @param dbUrl the JDBC URL of PostgreSQL ({@value #DB_URL})
 * @param dbSecretId a Secrets Manager secret with {@code username} and {@code password} (RDS's form)
 * @param dbMigrate whether the worker brings the schema up to date before its first statement
 * @param handback time kept in reserve before the Lambda deadline: records not started by then are handed back
 */
public record WorkerConfig(
        String bucket,
        Optional<String> queueUrl,
        String embedder,
        Optional<String> keysSecretId,
        Optional<String> keysFile,
        Duration keysReloadAfter,
        String dbUrl,
        Optional<String> dbUser,
        Optional<String> dbPassword,
        Optional<String> dbSecretId,
        int dbPoolSize,
        Duration dbConnectTimeout,
        boolean dbMigrate,
        Optional<String> region,
        Optional<URI> s3Endpoint,
        Optional<URI> sqsEndpoint,
        Optional<URI> secretsEndpoint,
        Duration handback,
        long maxBatchBytes,
        int embedChunk) {

    public static final String BUCKET = "PV_BUCKET";
    public static final String QUEUE_URL = "PV_QUEUE_URL";
    public static final String EMBEDDER = "PV_EMBEDDER";
    public static final String KEYS_SECRET_ID = "PV_WORKER_KEYS_SECRET_ID";
    public static final String KEYS_FILE = "PV_WORKER_KEYS_FILE";
    public static final String KEYS_RELOAD_SECONDS = "PV_WORKER_KEYS_RELOAD_SECONDS";
    public static final String DB_URL = "PV_DB_URL";
    public static final String DB_USER = "PV_DB_USER";
    public static final String DB_PASSWORD = "PV_DB_PASSWORD";
    public static final String DB_SECRET_ID = "PV_DB_SECRET_ID";
    public static final String DB_POOL_SIZE = "PV_DB_POOL_SIZE";
    public static final String DB_CONNECT_TIMEOUT_MS = "PV_DB_CONNECT_TIMEOUT_MS";
    public static final String DB_MIGRATE = "PV_DB_MIGRATE";
    public static final String REGION = "PV_AWS_REGION";
    public static final String S3_ENDPOINT = "PV_S3_ENDPOINT";
    public static final String SQS_ENDPOINT = "PV_SQS_ENDPOINT";
    public static final String SECRETS_ENDPOINT = "PV_SECRETS_ENDPOINT";
    public static final String HANDBACK_MS = "PV_HANDBACK_MS";
    public static final String MAX_BATCH_BYTES = "PV_MAX_BATCH_BYTES";
    public static final String EMBED_CHUNK = "PV_EMBED_CHUNK";

    /** Every variable this record reads. */
    public static final Set<String> NAMES = Set.of(
            BUCKET,
            QUEUE_URL,
            EMBEDDER,
            KEYS_SECRET_ID,
            KEYS_FILE,
            KEYS_RELOAD_SECONDS,
            DB_URL,
            DB_USER,
            DB_PASSWORD,
            DB_SECRET_ID,
            DB_POOL_SIZE,
            DB_CONNECT_TIMEOUT_MS,
            DB_MIGRATE,
            REGION,
            S3_ENDPOINT,
            SQS_ENDPOINT,
            SECRETS_ENDPOINT,
            HANDBACK_MS,
            MAX_BATCH_BYTES,
            EMBED_CHUNK);

    /** The variables without which the worker cannot start. */
    public static final Set<String> REQUIRED = Set.of(BUCKET, DB_URL);

    public static final String DEFAULT_EMBEDDER = "onnx:all-minilm-l6-v2";

    public WorkerConfig {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(dbUrl, "dbUrl");
        if (keysSecretId.isPresent() == keysFile.isPresent()) {
            throw new UserException(
                    "set exactly one of " + KEYS_SECRET_ID + " and " + KEYS_FILE + " (where the worker keyring is)");
        }
        if (dbPassword.isPresent() && dbSecretId.isPresent()) {
            throw new UserException("set " + DB_PASSWORD + " or " + DB_SECRET_ID + ", not both");
        }
    }

    /** Parses {@code env} (in the Lambda constructor: {@code System.getenv()}), failing on the first bad value. */
    public static WorkerConfig fromEnvironment(Map<String, String> env) {
        Values values = new Values(env);
        return new WorkerConfig(
                values.required(BUCKET),
                values.optional(QUEUE_URL),
                values.optional(EMBEDDER).orElse(DEFAULT_EMBEDDER),
                values.optional(KEYS_SECRET_ID),
                values.optional(KEYS_FILE),
                Duration.ofSeconds(values.number(KEYS_RELOAD_SECONDS, 60, 0, 86_400)),
                values.required(DB_URL),
                values.optional(DB_USER),
                values.optional(DB_PASSWORD),
                values.optional(DB_SECRET_ID),
                (int) values.number(DB_POOL_SIZE, 2, 1, 100),
                Duration.ofMillis(values.number(DB_CONNECT_TIMEOUT_MS, 5_000, 250, 120_000)),
                values.flag(DB_MIGRATE, true),
                values.optional(REGION).or(() -> values.optional("AWS_REGION")),
                values.uri(S3_ENDPOINT),
                values.uri(SQS_ENDPOINT),
                values.uri(SECRETS_ENDPOINT),
                Duration.ofMillis(values.number(HANDBACK_MS, 20_000, 0, 600_000)),
                values.number(MAX_BATCH_BYTES, 64L << 20, 1024, 1L << 31),
                (int) values.number(EMBED_CHUNK, 64, 1, 4096));
    }

    @Override
    public String toString() {
        return "WorkerConfig[bucket=" + bucket + ", queueUrl=" + queueUrl.orElse("-") + ", embedder=" + embedder
                + ", keys=" + keysSecretId.map(id -> "secret " + id).orElseGet(() -> "file " + keysFile.orElseThrow())
                + ", db=" + dbUrl + ", dbPassword=" + (dbPassword.isPresent() ? "<redacted>" : "-") + ", dbSecret="
                + dbSecretId.orElse("-") + ", region=" + region.orElse("(SDK default)") + ", handback=" + handback
                + "]";
    }

    private record Values(Map<String, String> env) {
        Optional<String> optional(String name) {
            String value = env.get(name);
            return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
        }

        String required(String name) {
            return optional(name).orElseThrow(() -> new UserException("the worker needs " + name + " to be set"));
        }

        long number(String name, long fallback, long min, long max) {
            Optional<String> text = optional(name);
            if (text.isEmpty()) {
                return fallback;
            }
            try {
                long value = Long.parseLong(text.get());
                if (value < min || value > max) {
                    throw new UserException(name + " must be between " + min + " and " + max + ", got " + value);
                }
                return value;
            } catch (NumberFormatException e) {
                throw new UserException(name + " must be a whole number, got \"" + text.get() + "\"");
            }
        }

        boolean flag(String name, boolean fallback) {
            Optional<String> text = optional(name);
            if (text.isEmpty()) {
                return fallback;
            }
            return switch (text.get().toLowerCase(java.util.Locale.ROOT)) {
                case "true", "1", "yes" -> true;
                case "false", "0", "no" -> false;
                default -> throw new UserException(name + " must be true or false, got \"" + text.get() + "\"");
            };
        }

        Optional<URI> uri(String name) {
            return optional(name).map(text -> {
                try {
                    URI uri = URI.create(text);
                    if (uri.getScheme() == null || uri.getHost() == null) {
                        throw new IllegalArgumentException("no scheme or host");
                    }
                    return uri;
                } catch (IllegalArgumentException e) {
                    throw new UserException(
                            name + " must be a URL such as http://127.0.0.1:9324, got \"" + text + "\"");
                }
            });
        }
    }
}
