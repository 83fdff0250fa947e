package dev.pvault.local;

import dev.pvault.aws.WorkerConfig;
import dev.pvault.aws.WorkerRuntime;
import dev.pvault.core.crypto.WorkerKeyring;
import dev.pvault.core.embed.Embedder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;

/**
 * The worker's configuration for a local cloud as the Lambda function reads it: environment variables, for
 * the tests that start the function in a process of its own, as Lambda would.
 */
final class CloudWorker {
    private CloudWorker() {}

    /** The environment a worker for {@code cloud} runs with, the keyring written to a private file. */
    static Map<String, String> environment(LocalCloud cloud, WorkerKeyring keyring, String embedder) {
        LocalCloud.Postgres postgres = cloud.postgres();
        LocalCloud.Sqs sqs = cloud.sqs();
        LocalCloud.S3 s3 = cloud.s3();
        Map<String, String> env = new HashMap<>();
        env.put(WorkerConfig.BUCKET, s3.bucket());
        env.put(WorkerConfig.QUEUE_URL, sqs.queueUrl());
        env.put(WorkerConfig.EMBEDDER, embedder);
        env.put(WorkerConfig.KEYS_FILE, writeKeyring(cloud.home(), keyring).toString());
        env.put(WorkerConfig.DB_URL, postgres.jdbcUrl());
        env.put(WorkerConfig.DB_USER, postgres.user());
        env.put(WorkerConfig.DB_CONNECT_TIMEOUT_MS, "2000");
        env.put(WorkerConfig.REGION, s3.region());
        env.put(WorkerConfig.S3_ENDPOINT, s3.endpoint().toString());
        env.put(WorkerConfig.SQS_ENDPOINT, sqs.endpoint().toString());
        env.put(WorkerConfig.HANDBACK_MS, "200");
        return env;
    }

    /** The runtime {@code pvault worker} and the Lambda function build from that environment. */
    static WorkerRuntime runtime(LocalCloud cloud, WorkerKeyring keyring, Embedder embedder) {
        WorkerConfig config = WorkerConfig.fromEnvironment(environment(cloud, keyring, embedder.modelId()));
        return WorkerRuntime.start(config, LocalCloud.CREDENTIALS, InstantSource.system(), embedder);
    }

    private static Path writeKeyring(Path home, WorkerKeyring keyring) {
        try {
            Path file = Files.createTempFile(
                    home,
                    "worker-keys",
                    ".json",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, keyring.toJson());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
