package dev.pvault.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pvault.aws.JobMetrics;
import dev.pvault.aws.QueuePoller;
import dev.pvault.aws.SqsJobQueue;
import dev.pvault.aws.WorkerLoop;
import dev.pvault.aws.WorkerRuntime;
import dev.pvault.core.model.ChatMessage;
import dev.pvault.core.worker.EmbeddingStore;
import dev.pvault.core.worker.JobQueue;
import dev.pvault.core.worker.JobState;
import dev.pvault.core.worker.QueuedJob;
import dev.pvault.core.worker.TestEmbedder;
import dev.pvault.core.worker.TestLogs;
import dev.pvault.core.worker.TestVault;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The whole worker path against real protocol servers on loopback: a client-sealed batch goes to S3
 * (s3proxy), its job to SQS (ElasticMQ), the Lambda handler runs it as the event source mapping would, and
 * sealed vectors land in PostgreSQL, where the user's key opens them to the embedder's vectors.
 */
class WorkerIT {
    private static final String SECRET = "the safe combination is 31-07-88";
    private static final Duration LONG_VISIBILITY = Duration.ofSeconds(30);

    private static LocalCloud cloud;
    private static TestEmbedder embedder;
    private static TestVault vault;
    private static WorkerRuntime runtime;
    private static WorkerLoop loop;
    private static SqsClient sqs;
    private static JobQueue queue;
    private static JobQueue deadLetters;

    @BeforeAll
    static void start() {
        cloud = SharedCloud.get();
        embedder = new TestEmbedder(384);
        vault = new TestVault(embedder.modelId());
        runtime = CloudWorker.runtime(cloud, vault.workerKeys(), embedder);
        loop = new WorkerLoop(
                runtime.processor(),
                new WorkerLoop.Settings(Duration.ofMillis(200), 1),
                JobMetrics.off(),
                InstantSource.system());
        sqs = ElasticMqServer.client(cloud.sqs().endpoint(), cloud.sqs().region());
        queue = runtime.queue().orElseThrow();
        deadLetters = new SqsJobQueue(sqs, cloud.sqs().deadLetterQueueUrl());
    }

    @AfterAll
    static void stop() throws Exception {
        loop.close();
        runtime.close();
        sqs.close();
    }

    @BeforeEach
    void emptyQueues() {
        cloud.postgres();
        sqs.purgeQueue(b -> b.queueUrl(cloud.sqs().queueUrl()));
        sqs.purgeQueue(b -> b.queueUrl(cloud.sqs().deadLetterQueueUrl()));
    }

    /** What the client does: upload the sealed batch, enqueue its job. */
    private static TestVault.SealedJob submit(List<ChatMessage> messages) {
        TestVault.SealedJob job = vault.seal(messages);
        runtime.blobs().put(job.objectKey(), job.envelope());
        queue.send(job.job());
        return job;
    }

    private static QueuePoller lambdaPoller(Duration visibility) {
        return new QueuePoller(
                queue, loop, new QueuePoller.Settings(10, Duration.ofSeconds(1), visibility), InstantSource.system());
    }

    /** Polls until {@code count} jobs were received (redeliveries count again) or the time is up. */
    private static int drain(QueuePoller poller, int count, Duration timeout) {
        Instant giveUp = Instant.now().plus(timeout);
        int received = 0;
        while (received < count && Instant.now().isBefore(giveUp)) {
            received += poller.pollOnce();
        }
        return received;
    }

    private static EmbeddingStore store() {
        return runtime.store();
    }

    @Test
    void wholeJob_vectorsOpenWithTheUsersKeyToTheEmbeddersVectors() {
        List<ChatMessage> messages = vault.messages(25);
        TestVault.SealedJob job = submit(messages);

        assertThat(drain(lambdaPoller(LONG_VISIBILITY), 1, Duration.ofSeconds(20)))
                .isEqualTo(1);

        Map<String, float[]> opened = vault.openVectors(store());
        for (ChatMessage message : messages) {
            assertThat(opened.get(message.id().hex())).containsExactly(embedder.vectorOf(message.text()));
        }
        assertThat(store().job(job.job().jobId()).orElseThrow().state()).isEqualTo(JobState.DONE);
        assertThat(queue.receive(10, Duration.ZERO, Duration.ofSeconds(1))).isEmpty();
    }

    @Test
    void onePoisonRecordAmongNineGoodOnes_storesNineAndReportsOne() {
        List<TestVault.SealedJob> jobs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            TestVault.SealedJob job = vault.seal(vault.messages(4));
            byte[] envelope = job.envelope().clone();
            if (i == 6) {
                envelope[envelope.length - 40] ^=
                        0x10; // tampered in storage (the GCM tag; the worker ignores the origin tag)
            }
            runtime.blobs().put(job.objectKey(), envelope);
            jobs.add(job);
        }
        jobs.forEach(job -> queue.send(job.job()));

        drain(lambdaPoller(LONG_VISIBILITY), 10, Duration.ofSeconds(30));

        for (int i = 0; i < 10; i++) {
            JobState expected = i == 6 ? JobState.FAILED : JobState.DONE;
            assertThat(store().job(jobs.get(i).job().jobId()).orElseThrow().state())
                    .isEqualTo(expected);
        }
        assertThat(store().job(jobs.get(6).job().jobId())
                        .orElseThrow()
                        .errorReason()
                        .orElseThrow())
                .contains("did not authenticate");
        // Only the poison job is left on the queue (invisible until its visibility timeout ends).
        Map<String, String> attributes = sqs.getQueueAttributes(
                        b -> b.queueUrl(cloud.sqs().queueUrl())
                                .attributeNamesWithStrings(
                                        "ApproximateNumberOfMessagesNotVisible", "ApproximateNumberOfMessages"))
                .attributesAsStrings();
        assertThat(attributes).containsEntry("ApproximateNumberOfMessagesNotVisible", "1");
    }

    @Test
    void databaseDown_reportsRetryAndTheRedeliverySucceeds() {
        cloud.stopPostgres();
        TestVault.SealedJob job = submit(vault.messages(3));
        QueuePoller poller = lambdaPoller(Duration.ofSeconds(3));
        try {
            assertThat(drain(poller, 1, Duration.ofSeconds(20))).isEqualTo(1);
        } finally {
            cloud.postgres();
        }
        assertThat(store().job(job.job().jobId())).isEmpty();

        assertThat(drain(poller, 1, Duration.ofSeconds(20))).isEqualTo(1);

        assertThat(store().job(job.job().jobId()).orElseThrow().state()).isEqualTo(JobState.DONE);
        assertThat(store().job(job.job().jobId()).orElseThrow().attempts()).isEqualTo(1);
    }

    @Test
    void redeliveredFinishedJob_embedsNothing_throughThePoller() {
        TestVault.SealedJob job = submit(vault.messages(10));
        try (WorkerLoop twoLanes = new WorkerLoop(
                runtime.processor(),
                new WorkerLoop.Settings(Duration.ofSeconds(1), 2),
                JobMetrics.off(),
                InstantSource.system())) {
            QueuePoller poller = new QueuePoller(
                    queue,
                    twoLanes,
                    new QueuePoller.Settings(10, Duration.ofSeconds(1), LONG_VISIBILITY),
                    InstantSource.system());
            assertThat(drain(poller, 1, Duration.ofSeconds(20))).isEqualTo(1);
            int calls = embedder.calls();

            queue.send(job.job()); // at-least-once: the same job again
            assertThat(drain(poller, 1, Duration.ofSeconds(20))).isEqualTo(1);

            assertThat(embedder.calls()).isEqualTo(calls);
            assertThat(store().vectors(vault.userId(), vault.model()).stream()
                            .filter(v -> v.jobId().equals(job.job().jobId())))
                    .hasSize(10);
        }
    }

    @Test
    void poisonJob_reachesTheDeadLetterQueueAfterMaxReceiveCount() {
        TestVault.SealedJob poison = vault.seal(vault.messages(2)); // its batch is never uploaded
        queue.send(poison.job());
        QueuePoller poller = lambdaPoller(Duration.ofSeconds(1));

        List<QueuedJob> dead = List.of();
        int receives = 0;
        Instant giveUp = Instant.now().plusSeconds(30);
        while (dead.isEmpty() && Instant.now().isBefore(giveUp)) {
            receives += poller.pollOnce();
            dead = deadLetters.receive(1, Duration.ZERO, Duration.ofSeconds(30));
        }

        assertThat(dead).hasSize(1);
        assertThat(dead.getFirst().body()).isEqualTo(poison.body());
        assertThat(receives).isEqualTo(SharedCloud.MAX_RECEIVE_COUNT);
        assertThat(store().job(poison.job().jobId()).orElseThrow().state()).isEqualTo(JobState.FAILED);
    }

    @Test
    void timing_jobsOf100Messages() {
        QueuePoller poller = lambdaPoller(LONG_VISIBILITY);
        drain(poller, 0, Duration.ZERO);
        submit(vault.messages(100)); // warm-up: class loading, JIT, connection pools
        drain(poller, 1, Duration.ofSeconds(30));
        List<Long> endToEnd = new ArrayList<>();
        List<Long> handling = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            List<ChatMessage> messages = vault.messages(100);
            long start = System.nanoTime();
            TestVault.SealedJob job = submit(messages);
            long submitted = System.nanoTime();
            assertThat(drain(poller, 1, Duration.ofSeconds(30))).isEqualTo(1);
            long done = System.nanoTime();
            assertThat(store().job(job.job().jobId()).orElseThrow().counts().embedded())
                    .isEqualTo(100);
            endToEnd.add((done - start) / 1_000_000);
            handling.add((done - submitted) / 1_000_000);
        }
        System.out.printf(
                "TIMING job of 100 messages (%s, %d dims, loopback S3/SQS/PostgreSQL): receive+handle+delete ms %s,"
                        + " seal+upload+enqueue+all ms %s%n",
                embedder.modelId(), embedder.dimension(), handling, endToEnd);
    }

    @Test
    void nothingReadableIsStoredOrLogged() throws Exception {
        List<ChatMessage> messages = vault.messages(SECRET, "meet me by the old mill at nine");
        TestVault.SealedJob poison = vault.seal(vault.messages(SECRET));
        String logs = TestLogs.stderrOf(() -> {
            submit(messages);
            queue.send(poison.job());
            drain(lambdaPoller(LONG_VISIBILITY), 2, Duration.ofSeconds(20));
        });
        assertThat(logs).contains("stored").contains("is poison");
        float[] vector = embedder.vectorOf(messages.getFirst().text());
        byte[] vectorBytes = ByteBuffer.allocate(16)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putFloat(vector[0])
                .putFloat(vector[1])
                .putFloat(vector[2])
                .putFloat(vector[3])
                .array();
        List<byte[]> forbidden = List.of(
                SECRET.getBytes(StandardCharsets.UTF_8),
                "old mill".getBytes(StandardCharsets.UTF_8),
                vectorBytes,
                vault.workerKeys().current().exportPrivateKey(),
                vault.userKeys().keyPair().exportPrivateKey());

        assertThat(logs)
                .doesNotContain("31-07-88")
                .doesNotContain("old mill")
                .doesNotContain(Float.toString(vector[0]));

        // Every column of every row, as PostgreSQL stores it.
        LocalCloud.Postgres postgres = cloud.postgres();
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), "");
                Statement statement = connection.createStatement()) {
            for (String table : List.of("jobs", "vectors")) {
                try (ResultSet rows = statement.executeQuery("SELECT * FROM " + table)) {
                    int columns = rows.getMetaData().getColumnCount();
                    while (rows.next()) {
                        for (int c = 1; c <= columns; c++) {
                            byte[] value = rows.getBytes(c);
                            if (value != null) {
                                for (byte[] needle : forbidden) {
                                    assertThat(indexOf(value, needle))
                                            .as(table + " column " + c)
                                            .isEqualTo(-1);
                                }
                            }
                        }
                    }
                }
            }
            statement.execute("CHECKPOINT");
        }

        // Every file the local cloud wrote: PostgreSQL's data and WAL, ElasticMQ's H2 store, s3proxy's objects, logs.
        try (Stream<Path> files = Files.walk(cloud.home())) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                byte[] content = readQuietly(file);
                for (byte[] needle : forbidden.subList(0, 3)) {
                    assertThat(indexOf(content, needle)).as(file.toString()).isEqualTo(-1);
                }
            }
        }
    }

    private static byte[] readQuietly(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            return new byte[0]; // vanished (a temp file) or unreadable (a socket): nothing stored there
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
