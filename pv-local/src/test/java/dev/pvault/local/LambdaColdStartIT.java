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
import org.junit.jupiter.api.Tag;
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
 * NAME=VALUE;NAME=VALUE}, to compare settings such as {@code JAVA_TOOL_OPTIONS}), and to compare with
 * another build in the same run (starts alternate, which a busy machine needs) {@code
 * pv.coldstart.baselineJar} with {@code pv.coldstart.baselineEnv} (its variables, in the same form).
 */
@Tag("bench")
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

    /** One configuration to start: a jar, the model it is deployed with, variables on top of the template's. */
    private record Variant(String label, Path jar, String model, Map<String, String> env) {}

    /** What one start measured: wall times, and the process's CPU time (user + system) at the same points. */
    private record Figures(long firstNextMs, long firstJobMs, long warmJobMs, long cpuToNextMs, long cpuFirstJobMs) {}

    @Test
    void coldStart_deployedModel_emptyCache() throws Exception {
        LocalCloud cloud = SharedCloud.get();
        LambdaRuntimeIT.migrate(cloud);
        List<String> texts = texts();
        int trials = Integer.getInteger("pv.coldstart.trials", 3);
        Map<String, String> extra = parseEnv(System.getProperty("pv.coldstart.env", ""));
        List<Variant> variants = new ArrayList<>();
        String baselineJar = System.getProperty("pv.coldstart.baselineJar");
        if (baselineJar != null) {
            variants.add(new Variant(
                    "baseline " + baselineJar,
                    Path.of(baselineJar),
                    WorkerConfig.DEFAULT_EMBEDDER,
                    parseEnv(System.getProperty("pv.coldstart.baselineEnv", ""))));
        }
        for (String model : System.getProperty("pv.coldstart.models", MODEL).split(",")) {
            variants.add(new Variant("this build, " + model, LambdaProcess.lambdaJar(), model.trim(), extra));
        }

        // Starts alternate between the variants, so a machine that other builds share slows them alike.
        Map<Variant, List<Figures>> figures = new LinkedHashMap<>();
        for (int trial = 0; trial < trials; trial++) {
            for (Variant variant : variants) {
                figures.computeIfAbsent(variant, v -> new ArrayList<>()).add(run(cloud, texts, variant, List.of()));
            }
        }
        Variant current = variants.get(variants.size() - 1);
        Path classLog = Files.createTempFile(cloud.home(), "class-load", ".log");
        Figures diagnostic = run(
                cloud,
                texts,
                current,
                List.of(
                        "-Xlog:class+load:file=" + classLog + ":uptime",
                        "-Dorg.slf4j.simpleLogger.log.dev.pvault.embed.onnx=debug"));

        StringBuilder report = new StringBuilder();
        report.append(String.format(
                Locale.ROOT,
                "COLDSTART lambda (%d messages, empty PV_CACHE_DIR, java %s, %d cores, load average %s):%n",
                MESSAGES,
                System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(),
                Files.readString(Path.of("/proc/loadavg")).trim()));
        figures.forEach((variant, runs) -> {
            report.append("  ")
                    .append(variant.label())
                    .append(' ')
                    .append(variant.env())
                    .append('\n');
            for (Figures f : runs) {
                report.append(String.format(
                        Locale.ROOT,
                        "    start -> first next %5d ms (CPU %5d ms) | first job %5d ms (CPU %5d ms) | total %5d ms"
                                + " | warm job %5d ms (%.1f ms per message)%n",
                        f.firstNextMs(),
                        f.cpuToNextMs(),
                        f.firstJobMs(),
                        f.cpuFirstJobMs(),
                        f.firstNextMs() + f.firstJobMs(),
                        f.warmJobMs(),
                        f.warmJobMs() / (double) MESSAGES));
            }
        });
        report.append(breakdown(classLog, diagnostic));
        diagnosticLines.forEach(line -> report.append("    ").append(line).append('\n'));
        System.out.println(report);
    }

    /** One cold start of {@code variant}: a new process, its first job of 100 messages, then a warm one. */
    private static Figures run(LocalCloud cloud, List<String> texts, Variant variant, List<String> flags)
            throws IOException {
        TestVault vault = new TestVault(variant.model());
        TestVault.SealedJob job = upload(cloud, vault, texts.subList(0, MESSAGES));
        TestVault.SealedJob warm = upload(cloud, vault, texts.subList(MESSAGES, 2 * MESSAGES));
        Path emptyCache = Files.createTempDirectory(cloud.home(), "lambda-tmp");
        Map<String, String> env =
                new HashMap<>(TemplateEnvironment.of(cloud, vault.workerKeys(), variant.model(), emptyCache));
        env.putAll(variant.env());
        try (LambdaRuntimeApi api = LambdaRuntimeApi.start();
                LambdaProcess function = LambdaProcess.start(
                        api,
                        LambdaProcess.Launch.onDemand(env)
                                .withJar(variant.jar())
                                .withJvmFlags(flags.toArray(String[]::new)))) {
            long firstNext = api.awaitFirstNext(WAIT);
            long cpuAtNext = function.cpuMillis();
            long firstJob = invoke(api, function, job);
            long cpuAfterJob = function.cpuMillis();
            long warmJob = invoke(api, function, warm);
            if (!flags.isEmpty()) {
                diagnosticLines.clear();
                function.stderr().stream()
                        .filter(line -> line.contains("dev.pvault") && line.contains(" ms"))
                        .forEach(diagnosticLines::add);
            }
            return new Figures(
                    (firstNext - function.startNanos()) / 1_000_000,
                    firstJob,
                    warmJob,
                    cpuAtNext,
                    cpuAfterJob - cpuAtNext);
        }
    }

    /** Hands {@code job} to the function; the ms from handing it out to its response, which must be a success. */
    private static long invoke(LambdaRuntimeApi api, LambdaProcess function, TestVault.SealedJob job)
            throws IOException {
        LambdaRuntimeApi.Result result = api.invoke(
                LambdaRuntimeIT.event("sqs-event-1.json", Map.of("job-0", job.body())), Duration.ofMinutes(5), WAIT);
        assertThat(result).as(function.output()).isInstanceOf(LambdaRuntimeApi.Response.class);
        assertThat(((LambdaRuntimeApi.Response) result).body())
                .as(function.output())
                .isEqualTo("{\"batchItemFailures\":[]}");
        return (((LambdaRuntimeApi.Response) result).atNanos() - api.lastHandedOutNanos()) / 1_000_000;
    }

    private static final Pattern LOAD = Pattern.compile("^\\[(\\d+\\.\\d+)s\\] (\\S+) source: (.*)$");

    /** The first-load uptime of each marker and the class counts, from a {@code -Xlog:class+load} file. */
    private static String breakdown(Path classLog, Figures diagnostic) throws IOException {
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
                diagnostic.firstNextMs(),
                diagnostic.firstJobMs()));
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
                s3.bucket(), Optional.of(s3.region()), Optional.of(s3.endpoint()), LocalCloud.CREDENTIALS)) {
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
