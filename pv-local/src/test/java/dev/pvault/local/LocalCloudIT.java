package dev.pvault.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pvault.aws.S3BlobStore;
import dev.pvault.aws.SqsJobQueue;
import dev.pvault.core.worker.QueuedJob;
import dev.pvault.core.worker.TestVault;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** LocalCloud's own promises: lazy, separate services on loopback, data that survives restarts and crashes. */
class LocalCloudIT {
    private static Path freshHome(String name) throws IOException {
        Path home =
                Path.of("target", "it-" + name + "-" + ProcessHandle.current().pid());
        if (Files.exists(home)) {
            try (var files = Files.walk(home)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
        return home;
    }

    @Test
    void servicesStartOnTheirOwn_andKeepTheirDataAcrossRestarts() throws Exception {
        Path home = freshHome("restart");
        TestVault vault = new TestVault("test:hash-64");
        TestVault.SealedJob job = vault.seal(vault.messages(3));

        try (LocalCloud cloud = LocalCloud.at(home)) {
            LocalCloud.S3 s3 = cloud.s3();
            assertThat(cloud.running()).containsExactly("s3");
            assertThat(s3.endpoint().getHost()).isEqualTo("127.0.0.1");
            try (S3BlobStore blobs = S3BlobStore.connect(
                    s3.bucket(), Optional.of(s3.region()), Optional.of(s3.endpoint()), LocalCloud.CREDENTIALS)) {
                blobs.put(job.objectKey(), job.envelope());
                assertThat(blobs.list("v1/")).containsExactly(job.objectKey());
            }
            LocalCloud.Sqs sqs = cloud.sqs();
            assertThat(cloud.running()).containsExactly("s3", "sqs");
            try (SqsJobQueue queue = SqsJobQueue.connect(
                    sqs.queueUrl(), Optional.of(sqs.region()), Optional.of(sqs.endpoint()), LocalCloud.CREDENTIALS)) {
                queue.send(job.job());
            }
            LocalCloud.Postgres postgres = cloud.postgres();
            try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), "");
                    Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE kept (note text)");
                statement.execute("INSERT INTO kept VALUES ('still here')");
            }
        }

        try (LocalCloud cloud = LocalCloud.at(home)) {
            assertThat(cloud.running()).isEmpty();
            LocalCloud.S3 s3 = cloud.s3();
            try (S3BlobStore blobs = S3BlobStore.connect(
                    s3.bucket(), Optional.of(s3.region()), Optional.of(s3.endpoint()), LocalCloud.CREDENTIALS)) {
                assertThat(blobs.get(job.objectKey(), 1 << 20))
                        .hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(job.envelope()));
            }
            LocalCloud.Sqs sqs = cloud.sqs();
            try (SqsJobQueue queue = SqsJobQueue.connect(
                    sqs.queueUrl(), Optional.of(sqs.region()), Optional.of(sqs.endpoint()), LocalCloud.CREDENTIALS)) {
                List<QueuedJob> received = queue.receive(10, Duration.ofSeconds(2), Duration.ofSeconds(30));
                assertThat(received).extracting(QueuedJob::body).containsExactly(job.body());
            }
            assertThat(selectOne(cloud.postgres(), "SELECT note FROM kept")).isEqualTo("still here");
        }
    }

    @Test
    void anUploadInterruptedByAKill_isRemovedAndTheBucketListsAgain() throws Exception {
        Path home = freshHome("upload-kill");
        TestVault vault = new TestVault("test:hash-64");
        TestVault.SealedJob job = vault.seal(vault.messages(3));
        try (LocalCloud cloud = LocalCloud.at(home);
                S3BlobStore blobs = connect(cloud.s3())) {
            blobs.put(job.objectKey(), job.envelope());
        }
        // What s3proxy leaves when the process dies between writing an object and renaming it into place.
        Path stored = home.resolve("s3")
                .resolve(LocalCloud.Settings.defaults().bucket())
                .resolve(job.objectKey());
        Path leftover = stored.resolveSibling(stored.getFileName() + "-" + java.util.UUID.randomUUID());
        Files.write(leftover, new byte[] {1, 2, 3});

        try (LocalCloud cloud = LocalCloud.at(home);
                S3BlobStore blobs = connect(cloud.s3())) {
            assertThat(blobs.list("v1/")).containsExactly(job.objectKey());
            assertThat(leftover).doesNotExist();
            assertThat(stored).exists();
        }
    }

    @Test
    void aPortTakenBetweenChoosingAndBinding_isReplacedForSqs_andReportedInOneLineForPostgres() throws Exception {
        Path home = freshHome("port-clash");
        LocalCloud.Settings defaults = LocalCloud.Settings.defaults();
        // PostgreSQL reports a taken port only by never becoming ready: keep that wait short here.
        LocalCloud.Settings settings = new LocalCloud.Settings(
                defaults.bucket(),
                defaults.queueName(),
                defaults.deadLetterQueueName(),
                false,
                defaults.maxReceiveCount(),
                defaults.visibilityTimeout(),
                false,
                defaults.region(),
                Duration.ofSeconds(8));
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            int takenPort = taken.getLocalPort();
            java.util.concurrent.atomic.AtomicInteger handedOut = new java.util.concurrent.atomic.AtomicInteger();
            // Each service is first given the taken port, as if another program had bound it a moment ago.
            java.util.function.IntSupplier ports =
                    () -> handedOut.getAndIncrement() % 2 == 0 ? takenPort : freeLoopbackPort();

            try (LocalCloud cloud = LocalCloud.at(home, settings, ports)) {
                LocalCloud.Sqs sqs = cloud.sqs();
                assertThat(sqs.endpoint().getPort()).isNotEqualTo(takenPort);
                try (SqsJobQueue queue = SqsJobQueue.connect(
                        sqs.queueUrl(),
                        Optional.of(sqs.region()),
                        Optional.of(sqs.endpoint()),
                        LocalCloud.CREDENTIALS)) {
                    assertThat(queue.receive(1, Duration.ZERO, Duration.ofSeconds(30)))
                            .isEmpty();
                }

                assertThatThrownBy(cloud::postgres)
                        .isInstanceOf(dev.pvault.core.VaultException.class)
                        .hasMessage("PostgreSQL could not listen on 127.0.0.1:" + takenPort
                                + ": another program uses that port; run the command again (it picks another free"
                                + " port)");
            }
        }
    }

    private static int freeLoopbackPort() {
        try (java.net.ServerSocket socket =
                new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static S3BlobStore connect(LocalCloud.S3 s3) {
        return S3BlobStore.connect(
                s3.bucket(), Optional.of(s3.region()), Optional.of(s3.endpoint()), LocalCloud.CREDENTIALS);
    }

    @Test
    void postgresLeftRunningByAKilledJvm_isStoppedAndItsDataKept() throws Exception {
        Path home = freshHome("kill9");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        PostgresChild.class.getName(),
                        home.toString())
                .redirectErrorStream(true)
                .start();
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.startsWith("READY")) {
                // the child's log; it ends with READY once PostgreSQL holds the row
            }
            assertThat(line).as("child output").startsWith("READY");
        }
        child.destroyForcibly(); // SIGKILL: no shutdown hook runs, the postmaster is orphaned
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        Path pidFile = home.resolve("postgres").resolve("data").resolve("postmaster.pid");
        long orphan = Long.parseLong(Files.readAllLines(pidFile).getFirst().trim());
        assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive)).contains(true);

        try (LocalCloud cloud = LocalCloud.at(home)) {
            assertThat(selectOne(cloud.postgres(), "SELECT note FROM survivor")).isEqualTo("written before kill -9");
        }
        assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive).orElse(false))
                .isFalse();
    }

    @Test
    void fifoQueue_groupsJobsByUserAndDeduplicatesByJobId() throws Exception {
        Path home = freshHome("fifo");
        TestVault ana = new TestVault("test:hash-64");
        TestVault ben = new TestVault("test:hash-64");
        TestVault.SealedJob first = ana.seal(ana.messages(1));
        TestVault.SealedJob second = ben.seal(ben.messages(1));
        try (LocalCloud cloud =
                LocalCloud.at(home, LocalCloud.Settings.defaults().withFifo())) {
            LocalCloud.Sqs sqs = cloud.sqs();
            assertThat(cloud.running()).containsExactly("sqs");
            assertThat(sqs.queueUrl()).endsWith(".fifo");
            try (SqsJobQueue queue = SqsJobQueue.connect(
                    sqs.queueUrl(), Optional.of(sqs.region()), Optional.of(sqs.endpoint()), LocalCloud.CREDENTIALS)) {
                assertThat(queue.fifo()).isTrue();
                queue.send(first.job());
                queue.send(first.job()); // a client retrying: deduplicated by job id
                queue.send(second.job());

                List<QueuedJob> received = queue.receive(10, Duration.ofSeconds(2), Duration.ofSeconds(30));

                assertThat(received).extracting(QueuedJob::body).containsExactlyInAnyOrder(first.body(), second.body());
                assertThat(received)
                        .extracting(j -> j.groupId().orElseThrow())
                        .containsExactlyInAnyOrder(
                                ana.userId().toString(), ben.userId().toString());
            }
        }
    }

    private static String selectOne(LocalCloud.Postgres postgres, String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), "");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }
}
