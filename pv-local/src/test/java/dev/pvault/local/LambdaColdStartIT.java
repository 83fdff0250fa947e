package dev.pvault.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pvault.aws.S3BlobStore;
import dev.pvault.aws.WorkerConfig;
import dev.pvault.core.model.ChatMessage;
import dev.pvault.core.worker.TestVault;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Cold start without SnapStart, as a benchmark on the Lambda jar (it prints figures, asserts only that the
 * jobs were stored): a new execution environment is a new process under the real runtime client, with the
 * template's environment, the deployed model and an empty {@code PV_CACHE_DIR} (a new container's /tmp);
 * the Runtime API on loopback times it from the process start to the first {@code invocation/next} (the end
 * of init) and from handing out the first invocation, one job of 100 chat messages, to its response.
 *
 * <p>Then one more, identical, process started with {@code -Xlog:class+load} gives the breakdown: the
 * uptime at which marker classes first loaded (the runtime client's main, the handler, ONNX Runtime, the
 * tokenizer, the SDK clients, and during the job the JDBC driver, Flyway, the envelopes, EMF) and how many
 * classes loaded before and after the first {@code next}. Logging costs time of its own, so its times are
 * for the breakdown only.
 *
 * <p>After the first job each process gets a second, warm one (the next 100 messages): its time per message
 * is the model's steady cost in the function.
 *
 * <p>System properties: {@code pv.coldstart.trials} (default 3), {@code pv.coldstart.model} (the deployed
 * model, default the template's), {@code pv.coldstart.env} (extra variables for the function, {@code
 * NAME=VALUE;NAME=VALUE}, to compare settings such as {@code JAVA_TOOL_OPTIONS}).
 */
class LambdaColdStartIT {
    private static final String MODEL = System.getProperty("pv.coldstart.model", WorkerConfig.DEFAULT_EMBEDDER);
    private static final int MESSAGES = 100;
    private static final Duration WAIT = Duration.ofSeconds(120);

    /** Marker classes, in the order they load on a cold start, with what their first load stands for. */
    private static final Map<String, String> MARKERS = markers();

    private static Map<String, String> markers() {
        Map<String, String> markers = new LinkedHashMap<>();
        markers.put("com.amazonaws.services.lambda.runtime.api.client.AWSLambda", "runtime client main");
        markers.put("dev.pvault.aws.EmbedFunction", "handler class loaded");
        markers.put("dev.pvault.embed.onnx.OnnxEmbedders", "embedder opening");
        markers.put("ai.onnxruntime.OrtEnvironment", "ONNX Runtime loading");
        markers.put("ai.djl.huggingface.tokenizers.HuggingFaceTokenizer", "tokenizer (own thread)");
        markers.put("ai.onnxruntime.OrtSession$SessionOptions", "session creating");
        markers.put("dev.pvault.embed.onnx.OnnxEmbedder", "embedder constructed");
        markers.put("software.amazon.awssdk.services.s3.S3Client", "S3 client building");
        markers.put("dev.pvault.aws.LazyEmbeddingStore", "S3 client built");
        markers.put("software.amazon.cloudwatchlogs.emf.environment.LambdaEnvironment", "runtime built; metrics");
        markers.put("com.amazonaws.services.lambda.runtime.api.client.api.LambdaContext", "first invocation");
        markers.put("org.postgresql.Driver", "store connecting");
        markers.put("org.flywaydb.core.Flyway", "schema check");
        markers.put("dev.pvault.core.crypto.WorkerKeyring", "keyring");
        markers.put("software.amazon.awssdk.services.s3.model.GetObjectResponse", "batch fetched");
        markers.put("dev.pvault.core.crypto.BatchHeader", "open batch");
        markers.put("dev.pvault.core.embed.Embeddings", "first vectors");
        markers.put("dev.pvault.core.crypto.VectorEnvelope", "seal vectors");
        markers.put("dev.pvault.core.worker.JobOutcome$Stored", "stored");
        markers.put("software.amazon.cloudwatchlogs.emf.logger.MetricsLogger", "EMF");
        return markers;
    }

    /** The diagnostic start's own timing lines (the embedder's, the job's). */
    private static final List<String> diagnosticLines = new ArrayList<>();

    @Test
    void coldStart_deployedModel_emptyCache() throws Exception {
        LocalCloud cloud = SharedCloud.get();
        LambdaRuntimeIT.migrate(cloud);
        TestVault vault = new TestVault(MODEL);
        List<String> texts = texts();
        int trials = Integer.getInteger("pv.coldstart.trials", 3);
        Map<String, String> extra = parseEnv(System.getProperty("pv.coldstart.env", ""));

        List<long[]> figures = new ArrayList<>();
        for (int trial = 0; trial < trials; trial++) {
            figures.add(run(cloud, vault, texts, extra, List.of()));
        }
        Path classLog = Files.createTempFile(cloud.home(), "class-load", ".log");
        long[] diagnostic = run(
                cloud,
                vault,
                texts,
                extra,
                List.of(
                        "-Xlog:class+load:file=" + classLog + ":uptime",
                        "-Dorg.slf4j.simpleLogger.log.dev.pvault.embed.onnx=debug"));

        StringBuilder report = new StringBuilder();
        report.append(String.format(
                Locale.ROOT,
                "COLDSTART lambda (%s, %d messages, empty PV_CACHE_DIR, java %s, extra env %s):%n",
                MODEL,
                MESSAGES,
                System.getProperty("java.version"),
                extra));
        for (long[] f : figures) {
            report.append(String.format(
                    Locale.ROOT,
                    "  process start -> first next %5d ms | first job %5d ms | total %5d ms | warm job %5d ms"
                            + " (%.1f ms per message)%n",
                    f[0],
                    f[1],
                    f[0] + f[1],
                    f[2],
                    f[2] / (double) MESSAGES));
        }
        report.append(breakdown(classLog, diagnostic));
        diagnosticLines.forEach(line -> report.append("    ").append(line).append('\n'));
        System.out.println(report);
    }

    /** One cold start; returns {start to first next, first job} in ms. */
    private static long[] run(
            LocalCloud cloud, TestVault vault, List<String> texts, Map<String, String> extra, List<String> flags)
            throws IOException {
        TestVault.SealedJob job = upload(cloud, vault, texts.subList(0, MESSAGES));
        TestVault.SealedJob warm = upload(cloud, vault, texts.subList(MESSAGES, 2 * MESSAGES));
        Path emptyCache = Files.createTempDirectory(cloud.home(), "lambda-tmp");
        Map<String, String> env = new HashMap<>(TemplateEnvironment.of(cloud, vault.workerKeys(), MODEL, emptyCache));
        env.putAll(extra);
        String event = LambdaRuntimeIT.event("sqs-event-1.json", Map.of("job-0", job.body()));
        try (LambdaRuntimeApi api = LambdaRuntimeApi.start();
                LambdaProcess function = LambdaProcess.start(
                        api, LambdaProcess.Launch.onDemand(env).withJvmFlags(flags.toArray(String[]::new)))) {
            long firstNext = api.awaitFirstNext(WAIT);
            LambdaRuntimeApi.Result result = api.invoke(event, Duration.ofMinutes(5), WAIT);
            assertThat(result).as(function.output()).isInstanceOf(LambdaRuntimeApi.Response.class);
            assertThat(((LambdaRuntimeApi.Response) result).body())
                    .as(function.output())
                    .isEqualTo("{\"batchItemFailures\":[]}");
            long firstJob = (((LambdaRuntimeApi.Response) result).atNanos() - api.lastHandedOutNanos()) / 1_000_000;
            LambdaRuntimeApi.Result second = api.invoke(
                    LambdaRuntimeIT.event("sqs-event-1.json", Map.of("job-0", warm.body())),
                    Duration.ofMinutes(5),
                    WAIT);
            assertThat(second).as(function.output()).isInstanceOf(LambdaRuntimeApi.Response.class);
            long warmJob = (((LambdaRuntimeApi.Response) second).atNanos() - api.lastHandedOutNanos()) / 1_000_000;
            if (!flags.isEmpty()) {
                diagnosticLines.clear();
                function.stderr().stream()
                        .filter(line -> line.contains("dev.pvault") && line.contains(" ms"))
                        .forEach(diagnosticLines::add);
            }
            return new long[] {(firstNext - function.startNanos()) / 1_000_000, firstJob, warmJob};
        }
    }

    private static final Pattern LOAD = Pattern.compile("^\\[(\\d+\\.\\d+)s\\] (\\S+) source: (.*)$");

    /** The first-load uptime of each marker and the class counts, from a {@code -Xlog:class+load} file. */
    private static String breakdown(Path classLog, long[] diagnostic) throws IOException {
        Map<String, Double> first = new LinkedHashMap<>();
        int total = 0;
        int beforeInvocation = -1;
        int fromJar = 0;
        for (String line : Files.readAllLines(classLog, StandardCharsets.UTF_8)) {
            Matcher m = LOAD.matcher(line);
            if (!m.matches()) {
                continue;
            }
            total++;
            if (m.group(3).contains("lambda-task")) {
                fromJar++;
            }
            String name = m.group(2);
            if (MARKERS.containsKey(name)) {
                first.putIfAbsent(name, Double.parseDouble(m.group(1)));
                if (name.endsWith("LambdaContext") && beforeInvocation < 0) {
                    beforeInvocation = total;
                }
            }
        }
        StringBuilder out = new StringBuilder(String.format(
                Locale.ROOT,
                "  breakdown (one more start with -Xlog:class+load; first next %d ms, first job %d ms):%n",
                diagnostic[0],
                diagnostic[1]));
        double previous = 0;
        List<Map.Entry<String, Double>> timeline = new ArrayList<>(first.entrySet());
        timeline.sort(Map.Entry.comparingByValue());
        for (Map.Entry<String, Double> marker : timeline) {
            out.append(String.format(
                    Locale.ROOT,
                    "    %7.3f s  +%4.0f ms  %-26s (%s)%n",
                    marker.getValue(),
                    (marker.getValue() - previous) * 1000,
                    MARKERS.get(marker.getKey()),
                    marker.getKey()));
            previous = marker.getValue();
        }
        out.append(String.format(
                Locale.ROOT,
                "  classes loaded: %d before the first invocation, %d in all (%d from the task root)%n",
                beforeInvocation,
                total,
                fromJar));
        return out.toString();
    }

    private static TestVault.SealedJob upload(LocalCloud cloud, TestVault vault, List<String> texts) {
        TestVault.SealedJob job = vault.seal(vault.messages(texts.toArray(String[]::new)));
        LocalCloud.S3 s3 = cloud.s3();
        try (S3BlobStore blobs = S3BlobStore.connect(
                s3.bucket(), Optional.of(s3.region()), Optional.of(s3.endpoint()), CloudWorker.CREDENTIALS)) {
            blobs.put(job.objectKey(), job.envelope());
        }
        return job;
    }

    /** The first 200 messages of the shared bench corpus; generated texts where it is absent. */
    private static List<String> texts() throws IOException {
        Path corpus = Path.of(System.getProperty("pv.shared.dir", "../../shared"), "bench", "corpus-10k.txt");
        if (Files.isRegularFile(corpus)) {
            return Files.readAllLines(corpus, StandardCharsets.UTF_8).subList(0, 2 * MESSAGES);
        }
        System.out.println("COLDSTART: " + corpus + " is absent; using generated messages");
        List<String> texts = new ArrayList<>();
        for (ChatMessage message : new TestVault(MODEL).messages(2 * MESSAGES)) {
            texts.add(message.text());
        }
        return texts;
    }

    private static Map<String, String> parseEnv(String spec) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String pair : spec.split(";")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                env.put(pair.substring(0, eq).trim(), pair.substring(eq + 1));
            }
        }
        return env;
    }
}
