package dev.pvault.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pvault.core.InternalException;
import dev.pvault.core.UserException;
import dev.pvault.core.VaultException;
import dev.pvault.core.embed.Embedder;
import dev.pvault.core.embed.EmbedderProvider;
import dev.pvault.core.worker.BlobStore;
import dev.pvault.core.worker.EmbeddingStore;
import dev.pvault.core.worker.JobProcessor;
import dev.pvault.core.worker.JobQueue;
import dev.pvault.core.worker.WorkerKeySource;
import dev.pvault.store.postgres.PostgresEmbeddingStore;
import dev.pvault.store.postgres.PostgresSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Everything a worker runs on, built once from a {@link WorkerConfig}: the S3, SQS and Secrets Manager
 * clients, the store, the embedder, the key source and the {@link JobProcessor} on top. Shared by the
 * Lambda function, the {@code pvault worker} poller and the local runner.
 *
 * <p>Building opens no connection and loads no key: the store connects, and the keyring and the database
 * password are read, on first use. Only the embedder loads its model now (that is what an init, and a
 * SnapStart snapshot, should hold).
 */
public final class WorkerRuntime implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WorkerConfig config;
    private final List<AutoCloseable> resources;
    private final BlobStore blobs;
    private final EmbeddingStore store;
    private final Optional<JobQueue> queue;
    private final Embedder embedder;
    private final JobProcessor processor;

    private WorkerRuntime(
            WorkerConfig config,
            List<AutoCloseable> resources,
            BlobStore blobs,
            EmbeddingStore store,
            Optional<JobQueue> queue,
            Embedder embedder,
            JobProcessor processor) {
        this.config = config;
        this.resources = resources;
        this.blobs = blobs;
        this.store = store;
        this.queue = queue;
        this.embedder = embedder;
        this.processor = processor;
    }

    /** Builds the runtime with the embedder {@link WorkerConfig#embedder()} names (see {@link EmbedderProvider}). */
    public static WorkerRuntime start(WorkerConfig config, AwsCredentialsProvider credentials, InstantSource clock) {
        Embedder embedder = EmbedderProvider.open(config.embedder(), WorkerRuntime.class.getClassLoader());
        try {
            return start(config, credentials, clock, embedder);
        } catch (RuntimeException e) {
            embedder.close();
            throw e;
        }
    }

    /** Builds the runtime around {@code embedder}, which it closes when it is closed. */
    public static WorkerRuntime start(
            WorkerConfig config, AwsCredentialsProvider credentials, InstantSource clock, Embedder embedder) {
        Objects.requireNonNull(config, "config");
        List<AutoCloseable> resources = new ArrayList<>();
        resources.add(embedder);
        try {
            S3Client s3 = AwsClients.s3(config.region(), config.s3Endpoint(), credentials);
            resources.add(s3);
            Optional<JobQueue> queue = Optional.empty();
            if (config.queueUrl().isPresent()) {
                SqsClient sqs = AwsClients.sqs(config.region(), config.sqsEndpoint(), credentials);
                resources.add(sqs);
                queue = Optional.of(new SqsJobQueue(sqs, config.queueUrl().get()));
            }
            SecretsManagerClient secrets = null;
            if (config.keysSecretId().isPresent() || config.dbSecretId().isPresent()) {
                secrets = AwsClients.secrets(config.region(), config.secretsEndpoint(), credentials);
                resources.add(secrets);
            }
            WorkerKeySource keys = config.keysSecretId().isPresent()
                    ? CachedKeySource.fromSecret(secrets, config.keysSecretId().get(), clock, config.keysReloadAfter())
                    : CachedKeySource.fromFile(
                            Path.of(config.keysFile().orElseThrow()), clock, config.keysReloadAfter());
            SecretsManagerClient dbSecrets = secrets;
            // The database login may be a secret: read on the first statement, not during a (snapshotted) init.
            PostgresEmbeddingStore store = PostgresEmbeddingStore.openLazily(() -> {
                DbLogin login = dbLogin(config, dbSecrets);
                return new PostgresSettings(
                        config.dbUrl(),
                        login.user(),
                        login.password(),
                        config.dbPoolSize(),
                        config.dbConnectTimeout(),
                        config.dbMigrate());
            });
            resources.add(store);
            BlobStore blobs = new S3BlobStore(s3, config.bucket());
            JobProcessor processor = new JobProcessor(
                    blobs,
                    store,
                    embedder,
                    keys,
                    clock,
                    new JobProcessor.Settings(
                            config.maxBatchBytes(), JobProcessor.Settings.DEFAULTS.maxJobChars(), config.embedChunk()));
            return new WorkerRuntime(config, resources, blobs, store, queue, embedder, processor);
        } catch (RuntimeException e) {
            closeAll(resources);
            throw e;
        }
    }

    public WorkerConfig config() {
        return config;
    }

    public JobProcessor processor() {
        return processor;
    }

    /** The job queue, when the configuration names one ({@link WorkerConfig#queueUrl()}). */
    public Optional<JobQueue> queue() {
        return queue;
    }

    public BlobStore blobs() {
        return blobs;
    }

    public EmbeddingStore store() {
        return store;
    }

    public String modelId() {
        return embedder.modelId();
    }

    @Override
    public void close() {
        closeAll(resources);
    }

    private static void closeAll(List<AutoCloseable> resources) {
        VaultException failure = null;
        for (AutoCloseable resource : resources.reversed()) {
            try {
                resource.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new InternalException(
                            "closing the worker runtime failed (" + e.getClass().getSimpleName() + ")", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private record DbLogin(String user, String password) {
        @Override
        public String toString() {
            return "DbLogin[" + user + ", password redacted]";
        }
    }

    /** From the configuration, or from a Secrets Manager secret in RDS's form ({"username", "password"}). */
    private static DbLogin dbLogin(WorkerConfig config, SecretsManagerClient secrets) {
        if (config.dbSecretId().isEmpty()) {
            return new DbLogin(
                    config.dbUser().orElse("postgres"), config.dbPassword().orElse(""));
        }
        String id = config.dbSecretId().get();
        JsonNode secret;
        try {
            secret = JSON.readTree(secrets.getSecretValue(b -> b.secretId(id)).secretString());
        } catch (SdkException e) {
            throw AwsErrors.translate("reading the database secret " + id, e);
        } catch (IOException e) {
            throw new UserException("secret " + id + " is not JSON with \"username\" and \"password\"");
        }
        JsonNode password = secret.get("password");
        if (password == null || !password.isTextual()) {
            throw new UserException("secret " + id + " has no \"password\" string");
        }
        return new DbLogin(secret.path("username").asText(config.dbUser().orElse("postgres")), password.textValue());
    }
}
