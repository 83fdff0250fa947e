package dev.pvault.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pvault.aws.S3BlobStore;
import dev.pvault.aws.WorkerConfig;
import dev.pvault.core.worker.JobState;
import dev.pvault.core.worker.TestVault;
import dev.pvault.store.postgres.PostgresEmbeddingStore;
import dev.pvault.store.postgres.PostgresSettings;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The handler's cold start, measured as Lambda would incur it: a fresh JVM constructs EmbedFunction from
 * environment variables and processes one job; the figure is from the start of construction to the first
 * job's vectors stored. It is printed, not asserted (STYLE.md: benchmarks print figures).
 */
@Tag("bench")
class ColdStartIT {
    private static String location(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString();
    }

    @Test
    void freshJvm_constructsTheFunctionFromTheEnvironmentAndStoresTheFirstJob() throws Exception {
        LocalCloud cloud = SharedCloud.get();
        String model = "test:hash-384";
        TestVault vault = new TestVault(model);
        TestVault.SealedJob first = upload(cloud, vault);
        TestVault.SealedJob second = upload(cloud, vault);

        // As deployed (PV_DB_MIGRATE=true: Flyway checks the schema before the first statement), then once
        // more with the schema known to be current, to show what that check costs a cold start.
        String migrating = probe(cloud, vault, first, Map.of());
        String notMigrating = probe(cloud, vault, second, Map.of(WorkerConfig.DB_MIGRATE, "false"));
        System.out.println("TIMING cold start (" + model + ", fresh JVM on pv-aws-lambda.jar, EmbedFunction() to"
                + " first job of 10 stored): " + migrating + "; with " + WorkerConfig.DB_MIGRATE + "=false: "
                + notMigrating);

        assertJobsDone(cloud, vault, first, second);
    }

    /**
     * The deployed model, as a new Lambda container meets it: the jar's model and native libraries are
     * extracted into an empty cache folder (Lambda's /tmp) before the first vector.
     */
    @Test
    void freshJvm_withTheDeployedOnnxModel_andAnEmptyCache() throws Exception {
        LocalCloud cloud = SharedCloud.get();
        String model = "onnx:all-minilm-l6-v2";
        TestVault vault = new TestVault(model);
        TestVault.SealedJob job = upload(cloud, vault);
        Path emptyCache = Files.createTempDirectory(cloud.home(), "lambda-tmp");

        String figures = probe(cloud, vault, job, Map.of("PV_CACHE_DIR", emptyCache.toString()));
        System.out.println("TIMING cold start (" + model + ", fresh JVM on pv-aws-lambda.jar, empty PV_CACHE_DIR,"
                + " EmbedFunction() to first job of 10 stored): " + figures);

        assertJobsDone(cloud, vault, job);
        assertThat(emptyCache).isNotEmptyDirectory();
    }

    private static void assertJobsDone(LocalCloud cloud, TestVault vault, TestVault.SealedJob... jobs) {
        LocalCloud.Postgres postgres = cloud.postgres();
        try (PostgresEmbeddingStore store = PostgresEmbeddingStore.open(
                new PostgresSettings(postgres.jdbcUrl(), postgres.user(), "", 1, Duration.ofSeconds(5), false))) {
            for (TestVault.SealedJob job : jobs) {
                assertThat(store.job(job.job().jobId()).orElseThrow().state()).isEqualTo(JobState.DONE);
            }
            assertThat(vault.openVectors(store)).hasSize(10 * jobs.length);
        }
    }

    private static TestVault.SealedJob upload(LocalCloud cloud, TestVault vault) {
        TestVault.SealedJob job = vault.seal(vault.messages(10));
        LocalCloud.S3 s3 = cloud.s3();
        try (S3BlobStore blobs = S3BlobStore.connect(
                s3.bucket(), Optional.of(s3.region()), Optional.of(s3.endpoint()), LocalCloud.CREDENTIALS)) {
            blobs.put(job.objectKey(), job.envelope());
        }
        return job;
    }

    /** Runs ColdStartProbe on {@code job} in a fresh JVM; returns its COLDSTART figures. */
    private static String probe(LocalCloud cloud, TestVault vault, TestVault.SealedJob job, Map<String, String> extra)
            throws Exception {
        Path body = Files.createTempFile(cloud.home(), "job", ".json");
        Files.writeString(body, job.body());
        // The Lambda deployable itself, plus the probe, its Lambda context and the test embedder (in place of the
        // ONNX one).
        Path lambdaJar = Path.of(System.getProperty("pv.repo.dir", "../"), "pv-aws", "target", "pv-aws-lambda.jar");
        assertThat(lambdaJar).as("the shaded Lambda jar (build pv-aws first)").exists();
        String classPath = String.join(
                java.io.File.pathSeparator,
                lambdaJar.toString(),
                location(ColdStartProbe.class),
                location(dev.pvault.aws.TestContext.class),
                location(dev.pvault.core.worker.TestEmbedderProvider.class));
        ProcessBuilder builder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        classPath,
                        ColdStartProbe.class.getName(),
                        body.toString())
                .redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.putAll(CloudWorker.environment(cloud, vault.workerKeys(), vault.model()));
        env.put("AWS_ACCESS_KEY_ID", LocalCloud.ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", LocalCloud.SECRET_KEY);
        env.put("AWS_REGION", cloud.settings().region());
        env.putAll(extra);
        Process probe = builder.start();
        String result = null;
        StringBuilder output = new StringBuilder();
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(probe.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                output.append(line).append('\n');
                if (line.startsWith("COLDSTART ")) {
                    result = line.substring("COLDSTART ".length());
                }
            }
        }
        assertThat(probe.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(probe.exitValue()).as(output.toString()).isZero();
        assertThat(result).as(output.toString()).isNotNull();
        return result;
    }
}
