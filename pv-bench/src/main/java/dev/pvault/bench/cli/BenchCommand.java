package dev.pvault.bench.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pvault.bench.Corpus;
import dev.pvault.bench.EmbedBenchmark;
import dev.pvault.bench.StsBenchmark;
import dev.pvault.cli.CommonOptions;
import dev.pvault.cli.Main;
import dev.pvault.core.UserException;
import dev.pvault.embed.onnx.OnnxEmbedders;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pvault bench}: measurements that print figures; they change nothing in a vault. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description =
                "Measure the embedding engine (embed: throughput and cold start; sts: quality) and the whole local"
                        + " pipeline (pipeline: import to searchable, search latency).")
// Sub-commands embed, sts, pipeline are added by BenchMain, only the one being run (start-up time).
final class BenchCommand implements Runnable {
    /** Created on first use, after the cold start is measured: Jackson's set-up is not the embedder's. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Options both sub-commands take to open an embedder. */
    static final class EngineOptions {
        @Option(
                names = "--embedder",
                paramLabel = "ID",
                defaultValue = OnnxEmbedders.DEFAULT_ID,
                description = "onnx:all-minilm-l6-v2 (default), onnx:all-minilm-l6-v2-q, onnx:bge-small-en-v1.5-q,"
                        + " onnx:/path/to/model-folder, or LangChain4j's langchain4j:all-minilm-l6-v2[-q]"
                        + " or langchain4j:bge-small-en-v1.5-q.")
        String embedder;

        @Option(
                names = "--batch",
                paramLabel = "N",
                defaultValue = "" + EmbedBenchmark.DEFAULT_BATCH,
                description = "Texts per embed call, as a worker job would pass them (default: ${DEFAULT-VALUE}).")
        int batch;

        @Option(
                names = "--threads",
                paramLabel = "N",
                description = "Session runs side by side (default: the number of cores).")
        Integer threads;

        @Option(
                names = "--intra-op-threads",
                paramLabel = "N",
                description = "ONNX Runtime threads inside one session run (default: 1).")
        Integer intraOpThreads;

        @Option(
                names = "--token-budget",
                paramLabel = "N",
                description =
                        "Texts x padded tokens per session run (default: " + OnnxEmbedders.DEFAULT_TOKEN_BUDGET + ").")
        Integer tokenBudget;

        @Option(
                names = "--min-fill",
                paramLabel = "F",
                description = "Share of a run's padded length each text fills at least, 0 to 1 (default: "
                        + OnnxEmbedders.DEFAULT_MIN_FILL + ").")
        Double minFill;

        @Option(
                names = "--cache-dir",
                paramLabel = "DIR",
                description = "Where model files are extracted (default: $PV_CACHE_DIR, else"
                        + " $XDG_CACHE_HOME/pvault, else ~/.cache/pvault).")
        Path cacheDir;

        OnnxEmbedders.Options toOptions(CommandSpec spec) {
            if (batch < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--batch must be at least 1");
            }
            if (threads != null && threads < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--threads must be at least 1");
            }
            if (intraOpThreads != null && intraOpThreads < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--intra-op-threads must be at least 1");
            }
            if (tokenBudget != null && tokenBudget < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--token-budget must be at least 1");
            }
            if (minFill != null && !(minFill >= 0 && minFill <= 1)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--min-fill must be from 0 to 1");
            }
            Path cache = cacheDir != null
                    ? cacheDir
                    : OnnxEmbedders.defaultCacheDir(System.getenv(), System.getProperty("user.home"));
            OnnxEmbedders.Options options = OnnxEmbedders.Options.defaults(cache.toAbsolutePath());
            if (threads != null) {
                options = options.withThreads(threads);
            }
            if (intraOpThreads != null) {
                options = options.withIntraOpThreads(intraOpThreads);
            }
            if (tokenBudget != null) {
                options = options.withTokenBudget(tokenBudget);
            }
            if (minFill != null) {
                options = options.withMinFill(minFill);
            }
            return options;
        }
    }

    @Command(
            name = "embed",
            mixinStandardHelpOptions = true,
            sortOptions = false,
            description = {
                "Embed a chat corpus and print throughput, cold start (process start to the first vector) and"
                        + " peak resident memory.",
                "With --baseline, a second embedder runs in the same process, call by call in turn, and the ratio"
                        + " is printed: on a shared machine only such ratios are comparable."
            })
    static final class Embed implements Callable<Integer> {
        @Mixin
        CommonOptions common;

        @Mixin
        EngineOptions engine;

        @Spec
        CommandSpec spec;

        @Option(
                names = "--messages",
                paramLabel = "N",
                defaultValue = "10000",
                description = "Messages to embed (default: ${DEFAULT-VALUE}).")
        int messages;

        @Option(
                names = "--corpus",
                paramLabel = "FILE",
                description = "One message per line (default: the shared corpus bench/corpus-10k.txt if present,"
                        + " else generated chat-like messages).")
        Path corpus;

        @Option(
                names = "--baseline",
                paramLabel = "ID",
                description = "Another embedder to measure in the same run, e.g. langchain4j:all-minilm-l6-v2-q.")
        String baseline;

        @Option(
                names = "--warmup",
                paramLabel = "N",
                defaultValue = "500",
                description = "Messages embedded before timing starts (default: ${DEFAULT-VALUE}).")
        int warmup;

        @Override
        public Integer call() {
            if (messages < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--messages must be at least 1");
            }
            if (warmup < 0) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--warmup must not be negative");
            }
            OnnxEmbedders.Options options = engine.toOptions(spec);
            if (corpus != null && !Files.isRegularFile(corpus)) {
                throw new UserException("corpus file " + corpus + " does not exist");
            }
            EmbedBenchmark.Report report = EmbedBenchmark.run(new EmbedBenchmark.Settings(
                    engine.embedder, baseline, this::loadCorpus, engine.batch, warmup, options));
            PrintWriter out = spec.commandLine().getOut();
            if (common.json()) {
                out.println(toJson(embedJson(report)));
            } else {
                printEmbed(out, report);
            }
            out.flush();
            return Main.EXIT_OK;
        }

        private Corpus loadCorpus() {
            if (corpus != null) {
                return Corpus.fromFile(corpus, messages);
            }
            Path shared = SharedData.find(Corpus.SHARED_CORPUS);
            return shared != null ? Corpus.fromFile(shared, messages) : Corpus.generated(messages);
        }
    }

    @Command(
            name = "sts",
            mixinStandardHelpOptions = true,
            sortOptions = false,
            description = {
                "Score an STS-B file (sentence1,sentence2,score; CSV-quoted; no header): Spearman and Pearson"
                        + " correlation of the cosine similarities with the scores.",
                "Sentences are embedded in calls of --batch texts, as messages are."
            })
    static final class Sts implements Callable<Integer> {
        @Mixin
        CommonOptions common;

        @Mixin
        EngineOptions engine;

        @Spec
        CommandSpec spec;

        @Option(
                names = "--file",
                paramLabel = "CSV",
                required = true,
                description = "The STS file, e.g. data/stsb/stsb-en-dev.csv.")
        Path file;

        @Override
        public Integer call() {
            OnnxEmbedders.Options options = engine.toOptions(spec);
            if (!Files.isRegularFile(file)) {
                throw new UserException("STS file " + file + " does not exist");
            }
            List<StsBenchmark.Pair> pairs = StsBenchmark.read(file);
            StsBenchmark.Result result;
            try (var embedder = dev.pvault.bench.BenchEmbedders.open(engine.embedder, options)) {
                result = StsBenchmark.run(embedder, pairs, engine.batch);
            }
            PrintWriter out = spec.commandLine().getOut();
            if (common.json()) {
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("embedder", result.embedder());
                json.put("pairs", result.pairs());
                json.put("spearman", round(result.spearman(), 5));
                json.put("pearson", round(result.pearson(), 5));
                json.put("seconds", round(result.seconds(), 3));
                json.put("batch", result.batch());
                out.println(toJson(json));
            } else {
                out.printf(
                        Locale.ROOT,
                        "%s on %d pairs: Spearman %.5f, Pearson %.5f (%.2f s, calls of %d texts)%n",
                        result.embedder(),
                        result.pairs(),
                        result.spearman(),
                        result.pearson(),
                        result.seconds(),
                        result.batch());
            }
            out.flush();
            return Main.EXIT_OK;
        }
    }

    static Map<String, Object> embedJson(EmbedBenchmark.Report report) {
        Map<String, Object> json = measurementJson(report.measured());
        json.put("peak_rss_mb", report.peakRssMiB());
        json.put("batch", report.batch());
        json.put("corpus", report.corpus());
        if (report.baseline() != null) {
            json.put("baseline", measurementJson(report.baseline()));
            json.put("speedup", round(report.speedup(), 3));
        }
        return json;
    }

    private static Map<String, Object> measurementJson(EmbedBenchmark.Measurement m) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("embedder", m.embedder());
        json.put("messages", m.messages());
        json.put("tokens", m.tokens());
        json.put("seconds", round(m.seconds(), 3));
        json.put("msgs_per_s", round(m.messagesPerSecond(), 1));
        json.put("tokens_per_s", round(m.tokensPerSecond(), 1));
        json.put("threads", m.threads());
        json.put("intra_op_threads", m.intraOpThreads());
        json.put("cold_start_ms", m.coldStartMs());
        json.put("cold_start_cpu_ms", m.coldStartCpuMs());
        json.put("open_ms", m.openMs());
        json.put("token_budget", m.tokenBudget());
        json.put("padded_tokens", m.paddedTokens());
        json.put("runs", m.runs());
        return json;
    }

    private static void printEmbed(PrintWriter out, EmbedBenchmark.Report report) {
        EmbedBenchmark.Measurement m = report.measured();
        out.printf(Locale.ROOT, "embedder     %s (%d threads)%n", m.embedder(), m.threads());
        out.printf(
                Locale.ROOT,
                "messages     %d from %s, %d tokens, in calls of %d%n",
                m.messages(),
                report.corpus(),
                m.tokens(),
                report.batch());
        if (m.paddedTokens() != null) {
            out.printf(
                    Locale.ROOT,
                    "runs         %d session runs computing %d positions (%.1f%% padding)%n",
                    m.runs(),
                    m.paddedTokens(),
                    100.0 * (m.paddedTokens() - m.tokens()) / m.paddedTokens());
        }
        out.printf(
                Locale.ROOT,
                "throughput   %.1f messages/s, %.0f tokens/s (%.2f s)%n",
                m.messagesPerSecond(),
                m.tokensPerSecond(),
                m.seconds());
        out.printf(
                Locale.ROOT,
                "cold start   %d ms from process start to the first vector (%d ms CPU on the main thread)%n",
                m.coldStartMs(),
                m.coldStartCpuMs());
        out.printf(Locale.ROOT, "peak memory  %d MiB resident%n", report.peakRssMiB());
        if (report.baseline() != null) {
            EmbedBenchmark.Measurement b = report.baseline();
            out.printf(
                    Locale.ROOT,
                    "baseline     %s: %.1f messages/s in the same run; %s is %.2fx as fast%n",
                    b.embedder(),
                    b.messagesPerSecond(),
                    m.embedder(),
                    report.speedup());
        }
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }

    private static String toJson(Map<String, Object> json) {
        try {
            return Json.MAPPER.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings and numbers always serialises", e);
        }
    }
}
