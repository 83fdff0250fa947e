package dev.pvault.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pvault.aws.S3BlobStore;
import dev.pvault.aws.SqsJobQueue;
import dev.pvault.core.worker.JobState;
import dev.pvault.core.worker.TestVault;
import dev.pvault.local.LocalCloud;
import dev.pvault.store.postgres.PostgresEmbeddingStore;
import dev.pvault.store.postgres.PostgresSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** {@code pvault worker --once} against a local cloud: a queued job ends as sealed vectors in PostgreSQL. */
class WorkerCommandIT {
    @Test
    void workerOnce_processesAQueuedJob() throws Exception {
        Path home = Path.of("target", "it-worker-" + ProcessHandle.current().pid());
        var credentials = StaticCredentialsProvider.create(
                AwsBasicCredentials.create(LocalCloud.ACCESS_KEY, LocalCloud.SECRET_KEY));
        try (LocalCloud cloud =
                LocalCloud.at(home, LocalCloud.Settings.defaults().withDurableCommits(false))) {
            LocalCloud.S3 s3 = cloud.s3();
            LocalCloud.Sqs sqs = cloud.sqs();
            LocalCloud.Postgres postgres = cloud.postgres();
            TestVault vault = new TestVault("test:hash-64");
            TestVault.SealedJob job = vault.seal(vault.messages(12));
            try (S3BlobStore blobs = S3BlobStore.connect(
                            s3.bucket(), Optional.of(s3.region()), Optional.of(s3.endpoint()), credentials);
                    SqsJobQueue queue = SqsJobQueue.connect(
                            sqs.queueUrl(), Optional.of(sqs.region()), Optional.of(sqs.endpoint()), credentials)) {
                blobs.put(job.objectKey(), job.envelope());
                queue.send(job.job());
            }
            Path keys = Files.writeString(
                    Files.createTempFile(cloud.home(), "keys", ".json"),
                    vault.workerKeys().toJson());
            // The SDK's default chain reads the credentials from system properties as well as the environment.
            System.setProperty("aws.accessKeyId", LocalCloud.ACCESS_KEY);
            System.setProperty("aws.secretAccessKey", LocalCloud.SECRET_KEY);

            CliTest.Run run = CliTest.pvault(
                    "worker",
                    "--once",
                    "--json",
                    "--queue-url",
                    sqs.queueUrl(),
                    "--bucket",
                    s3.bucket(),
                    "--db-url",
                    postgres.jdbcUrl(),
                    "--db-user",
                    postgres.user(),
                    "--keys-file",
                    keys.toString(),
                    "--embedder",
                    "test:hash-64",
                    "--region",
                    s3.region(),
                    "--s3-endpoint",
                    s3.endpoint().toString(),
                    "--sqs-endpoint",
                    sqs.endpoint().toString());

            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(new ObjectMapper().readTree(run.out()).path("received").asInt())
                    .isEqualTo(1);
            try (PostgresEmbeddingStore store = PostgresEmbeddingStore.open(
                    new PostgresSettings(postgres.jdbcUrl(), postgres.user(), "", 1, Duration.ofSeconds(5), false))) {
                assertThat(store.job(job.job().jobId()).orElseThrow().state()).isEqualTo(JobState.DONE);
                assertThat(vault.openVectors(store)).hasSize(12);
            }
        } finally {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
        }
    }
}
