package dev.pvault.local;

import dev.pvault.aws.WorkerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The worker configuration for a {@link LocalCloud}: the same {@code PV_*} variables the Lambda function
 * reads, pointed at the loopback services, so the local worker runs exactly the cloud's code path.
 */
public final class LocalWorkerConfig {
    /** The loopback services' credentials (they guard nothing: everything stored is sealed). */
    public static final AwsCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create(LocalCloud.ACCESS_KEY, LocalCloud.SECRET_KEY));

    private LocalWorkerConfig() {}

    /**
     * The environment a worker for {@code cloud} runs with; the keyring is read from {@code keysFile}, and
     * {@code handback} is kept in reserve before each batch's deadline.
     */
    public static Map<String, String> environment(LocalCloud cloud, Path keysFile, String embedder, Duration handback) {
        LocalCloud.Postgres postgres = cloud.postgres();
        LocalCloud.Sqs sqs = cloud.sqs();
        LocalCloud.S3 s3 = cloud.s3();
        Map<String, String> env = new HashMap<>();
        env.put(WorkerConfig.BUCKET, s3.bucket());
        env.put(WorkerConfig.QUEUE_URL, sqs.queueUrl());
        env.put(WorkerConfig.EMBEDDER, embedder);
        env.put(WorkerConfig.KEYS_FILE, keysFile.toString());
        env.put(WorkerConfig.DB_URL, postgres.jdbcUrl());
        env.put(WorkerConfig.DB_USER, postgres.user());
        env.put(WorkerConfig.DB_CONNECT_TIMEOUT_MS, "2000");
        env.put(WorkerConfig.REGION, s3.region());
        env.put(WorkerConfig.S3_ENDPOINT, s3.endpoint().toString());
        env.put(WorkerConfig.SQS_ENDPOINT, sqs.endpoint().toString());
        env.put(WorkerConfig.HANDBACK_MS, Long.toString(handback.toMillis()));
        return env;
    }

    /** The configuration of the workers a {@link FunctionRunner} with {@code runner} settings runs. */
    public static WorkerConfig of(LocalCloud cloud, Path keysFile, String embedder, FunctionRunner.Settings runner) {
        return WorkerConfig.fromEnvironment(environment(cloud, keysFile, embedder, runner.handback()));
    }
}
