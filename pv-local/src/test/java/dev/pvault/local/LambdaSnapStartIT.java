package dev.pvault.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pvault.aws.S3BlobStore;
import dev.pvault.aws.WorkerConfig;
import dev.pvault.core.worker.TestVault;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.Security;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * SnapStart as Lambda runs it, in the function's own process under the real runtime client with {@code
 * AWS_LAMBDA_INITIALIZATION_TYPE=snap-start}: the runtime runs the init and the {@code beforeCheckpoint}
 * hooks, then asks {@code restore/next}, where Lambda snapshots the process. The test's Runtime API holds
 * that call, and looks at what the process did before the snapshot, which every restored environment would
 * share (AWS's SnapStart uniqueness rules: no unique ids, secrets or entropy from the init):
 *
 * <ul>
 *   <li>the model was loaded and primed with one inference (the runtime's log says so);
 *   <li>no {@code SecureRandom} was made, seeded or read by our code or the crypto library (no key, no
 *       nonce, no id): {@link RecordingRandomProvider} is first in the process's provider list and records
 *       each, with who made it. Two are made by libraries during the init and are allowed by name, each
 *       for a stated reason ({@link #LIBRARY_GENERATORS}); any other fails the test;
 *   <li>the worker keyring was never read (its file's access time has not moved);
 *   <li>no connection was made to S3 or PostgreSQL (both are reached through {@link CountingProxy}).
 * </ul>
 *
 * Then it lets the restore go on and runs a real job, which must succeed, and makes each detector fire (a
 * result key is random, the keyring is read, the batch is fetched, the vectors stored): they would have seen
 * it before the snapshot too.
 */
class LambdaSnapStartIT {
    private static final String MODEL = WorkerConfig.DEFAULT_EMBEDDER;
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final FileTime LONG_AGO = FileTime.from(Instant.parse("2001-01-01T00:00:00Z"));

    /**
     * Generators libraries make during the init, by the frame that makes them, and why each is no replayed
     * state after a restore. Both are the JDK's default, NativePRNG, which XORs fresh {@code /dev/urandom}
     * bytes into every output: a restored clone's output differs from its siblings' as much as that of a
     * generator made after the restore would (both rest on the kernel's generator, which Lambda reseeds).
     *
     * <ul>
     *   <li>{@code java.nio.file.TempFileHelper}: names of temporary files, made when ONNX Runtime's loader
     *       creates its temporary folder while its environment initialises (it always does, even with its
     *       library path set); names, not secrets.
     *   <li>{@code sun.security.ssl.SSLContextImpl}: the TLS context the SDK's URL-connection client makes
     *       when it is built (WorkerRuntime builds the S3 client in the init). Rebuilding the SDK clients
     *       after a restore would remove it; that is WorkerRuntime's to do (docs/LAMBDA.md).
     * </ul>
     */
    static final List<String> LIBRARY_GENERATORS =
            List.of("java.nio.file.TempFileHelper.<clinit>", "sun.security.ssl.SSLContextImpl.engineInit");

    @Test
    void snapshot_holdsThePrimedModel_andNoRandomnessKeyOrConnection() throws Exception {
        LocalCloud cloud = SharedCloud.get();
        LambdaRuntimeIT.migrate(cloud);
        TestVault vault = new TestVault(MODEL);
        Path dir = Files.createTempDirectory(cloud.home(), "snapstart");
        Path randomLog = dir.resolve("securerandom.log");

        try (CountingProxy s3 = CountingProxy.to(cloud.s3().endpoint().getPort());
                CountingProxy postgres = CountingProxy.to(cloud.postgres().port());
                LambdaRuntimeApi api = LambdaRuntimeApi.startHoldingRestore()) {
            Map<String, String> env = new HashMap<>(TemplateEnvironment.of(
                    cloud, vault.workerKeys(), MODEL, Files.createDirectory(dir.resolve("tmp"))));
            env.put(WorkerConfig.S3_ENDPOINT, "http://127.0.0.1:" + s3.port());
            env.put(
                    WorkerConfig.DB_URL,
                    cloud.postgres()
                            .jdbcUrl()
                            .replace(":" + cloud.postgres().port() + "/", ":" + postgres.port() + "/"));
            Path keyring = Path.of(env.get(WorkerConfig.KEYS_FILE));
            Files.setAttribute(keyring, "lastAccessTime", LONG_AGO);
            boolean accessTimesMove = accessTimesMove(dir);

            LambdaProcess.Launch launch = LambdaProcess.Launch.onDemand(env)
                    .with(LambdaProcess.InitType.SNAP_START)
                    .withSystemClassPath(providerFolder(dir))
                    .withJvmFlags(
                            "-Djava.security.properties=" + securityProperties(dir),
                            "-D" + RecordingRandomProvider.LOG_PROPERTY + "=" + randomLog);
            try (LambdaProcess function = LambdaProcess.start(api, launch)) {
                api.awaitRestoreNext(WAIT);

                // Where Lambda takes the snapshot.
                assertThat(function.stderr())
                        .as(function.output())
                        .anySatisfy(line -> assertThat(line).contains("before the snapshot: model " + MODEL));
                // Each line is "EVENT ID on THREAD: FRAMES"; a generator is allowed by the frames that made it.
                List<String> beforeSnapshot = Files.exists(randomLog) ? Files.readAllLines(randomLog) : List.of();
                Map<String, String> allowed = new TreeMap<>();
                for (String line : beforeSnapshot) {
                    String[] parts = line.split(" ", 3);
                    if (parts[0].equals("made")) {
                        LIBRARY_GENERATORS.stream()
                                .filter(line::contains)
                                .findFirst()
                                .ifPresent(frame -> allowed.put(parts[1], frame));
                    }
                    assertThat(allowed)
                            .as("a SecureRandom made, seeded or read before the snapshot: " + line)
                            .containsKey(parts[1]);
                }
                System.out.println("SNAPSTART: SecureRandom made before the snapshot, by libraries only: " + allowed);
                if (accessTimesMove) {
                    assertThat(Files.getLastModifiedTime(keyring)).isNotEqualTo(LONG_AGO);
                    assertThat(accessTime(keyring))
                            .as("the keyring was read before the snapshot")
                            .isEqualTo(LONG_AGO);
                } else {
                    System.out.println(
                            "SNAPSTART: access times do not move on this file system; keyring check skipped");
                }
                assertThat(s3.connections())
                        .as("connections to S3 before the snapshot")
                        .isZero();
                assertThat(postgres.connections())
                        .as("connections to PostgreSQL before the snapshot")
                        .isZero();
                assertThat(api.nextCalls()).isZero();

                api.releaseRestore();
                TestVault.SealedJob job = vault.seal(vault.messages(5));
                LocalCloud.S3 direct = cloud.s3();
                try (S3BlobStore blobs = S3BlobStore.connect(
                        direct.bucket(),
                        Optional.of(direct.region()),
                        Optional.of(direct.endpoint()),
                        LocalCloud.CREDENTIALS)) {
                    blobs.put(job.objectKey(), job.envelope());
                }
                LambdaRuntimeApi.Result result = api.invoke(
                        LambdaRuntimeIT.event("sqs-event-1.json", Map.of("job-0", job.body())),
                        Duration.ofMinutes(5),
                        WAIT);

                assertThat(result).as(function.output()).isInstanceOf(LambdaRuntimeApi.Response.class);
                assertThat(((LambdaRuntimeApi.Response) result).body()).isEqualTo("{\"batchItemFailures\":[]}");
                assertThat(function.stderr())
                        .anySatisfy(
                                line -> assertThat(line).contains("restored from the snapshot with model " + MODEL));
                // Each detector sees the first job's work.
                assertThat(Files.readAllLines(randomLog))
                        .anySatisfy(line -> assertThat(line).contains("dev.pvault.core.crypto"));
                if (accessTimesMove) {
                    assertThat(accessTime(keyring)).isNotEqualTo(LONG_AGO);
                }
                assertThat(s3.connections()).isPositive();
                assertThat(postgres.connections()).isPositive();
            }
        }
    }

    /** Whether reading a file moves its access time here (relatime does when it is older than the change time). */
    private static boolean accessTimesMove(Path dir) throws IOException {
        Path control = Files.writeString(dir.resolve("atime-control"), "x");
        Files.setAttribute(control, "lastAccessTime", LONG_AGO);
        Files.readString(control);
        return !accessTime(control).equals(LONG_AGO);
    }

    private static FileTime accessTime(Path file) throws IOException {
        return (FileTime) Files.getAttribute(file, "lastAccessTime");
    }

    /** A folder holding only {@link RecordingRandomProvider}'s classes, for the process's system class path. */
    private static Path providerFolder(Path dir) throws IOException {
        Path classes = LambdaProcess.location(RecordingRandomProvider.class);
        Path folder = dir.resolve("provider");
        String packagePath = RecordingRandomProvider.class.getPackageName().replace('.', '/');
        Files.createDirectories(folder.resolve(packagePath));
        try (var files = Files.list(classes.resolve(packagePath))) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("RecordingRandomProvider"))
                    .toList()) {
                Files.copy(file, folder.resolve(packagePath).resolve(file.getFileName()));
            }
        }
        return folder;
    }

    /** {@code java.security} overrides putting the recording provider first, the JDK's own after it. */
    private static Path securityProperties(Path dir) throws IOException {
        StringBuilder properties = new StringBuilder("security.provider.1=" + RecordingRandomProvider.class.getName());
        for (int i = 1; Security.getProperty("security.provider." + i) != null; i++) {
            properties
                    .append("\nsecurity.provider.")
                    .append(i + 1)
                    .append('=')
                    .append(Security.getProperty("security.provider." + i));
        }
        return Files.writeString(dir.resolve("java.security"), properties + "\n", StandardCharsets.UTF_8);
    }
}
