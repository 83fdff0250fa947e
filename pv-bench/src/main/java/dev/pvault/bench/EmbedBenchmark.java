package dev.pvault.bench;

import dev.pvault.core.embed.Embedder;
import dev.pvault.core.embed.EmbeddingPurpose;
import dev.pvault.embed.onnx.OnnxEmbedder;
import dev.pvault.embed.onnx.OnnxEmbedders;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Embeds a corpus the way the worker does, in calls of {@code batch} messages, and measures throughput, cold
 * start and peak memory. With a baseline (LangChain4j's model, say) both run in this one process, alternating
 * call by call, so that a machine shared with other work slows both alike and their ratio holds.
 */
public final class EmbedBenchmark {
    /** Messages per {@code embed} call unless told otherwise: a worker job's batch. */
    public static final int DEFAULT_BATCH = 500;

    /** The text whose vector ends the cold start: a chat message, embedded alone. */
    static final String FIRST_TEXT = "are you still coming to the pub later?";

    /**
     * What to run.
     *
     * @param embedderId the embedder measured (its cold start too)
     * @param baselineId an embedder to compare with in the same run, or null
     * @param corpus read after the cold start is measured: reading 10,000 lines is not the embedder's start
     * @param batch messages per {@code embed} call
     * @param warmup messages embedded before timing starts, by each embedder
     */
    public record Settings(
            String embedderId,
            String baselineId,
            Supplier<Corpus> corpus,
            int batch,
            int warmup,
            OnnxEmbedders.Options options) {
        public Settings {
            Objects.requireNonNull(embedderId, "embedderId");
            Objects.requireNonNull(corpus, "corpus");
            Objects.requireNonNull(options, "options");
            if (batch < 1 || warmup < 0) {
                throw new IllegalArgumentException("batch=" + batch + ", warmup=" + warmup);
            }
        }
    }

    /**
     * One embedder's figures over the timed run.
     *
     * @param coldStartMs process start to the first vector (embedded alone), for the first embedder opened only
     * @param coldStartCpuMs CPU time of the thread that opened it, until then: what the cold start costs on an
     *     otherwise idle machine whose other cores absorb the JIT, the GC and the tokenizer's loading thread
     * @param openMs time to load the model in this process
     * @param paddedTokens token positions computed, padding included (ours only)
     * @param runs session runs (ours only)
     */
    public record Measurement(
            String embedder,
            int messages,
            long tokens,
            double seconds,
            int threads,
            Integer intraOpThreads,
            Long coldStartMs,
            Long coldStartCpuMs,
            long openMs,
            Integer tokenBudget,
            Long paddedTokens,
            Long runs) {
        public double messagesPerSecond() {
            return messages / seconds;
        }

        public double tokensPerSecond() {
            return tokens / seconds;
        }
    }

    /** The whole run; {@code baseline} and {@code speedup} are null without a baseline. */
    public record Report(
            Measurement measured, Measurement baseline, Double speedup, long peakRssMiB, String corpus, int batch) {}

    private EmbedBenchmark() {}

    public static Report run(Settings settings) {
        long openStart = System.nanoTime();
        try (Embedder measured = BenchEmbedders.open(settings.embedderId(), settings.options())) {
            measured.embed(List.of(FIRST_TEXT), EmbeddingPurpose.PASSAGE);
            long coldStartMs = ProcessStats.ageMillis();
            long coldStartCpuMs = ProcessStats.threadCpuMillis();
            long openMs = (System.nanoTime() - openStart) / 1_000_000;
            Corpus corpus = settings.corpus().get();
            List<String> messages = corpus.messages();
            if (settings.baselineId() == null) {
                Timing timing = time(measured, null, messages, settings);
                return new Report(
                        measurement(measured, timing, coldStartMs, coldStartCpuMs, openMs, messages),
                        null,
                        null,
                        ProcessStats.peakRssMiB(),
                        corpus.source(),
                        settings.batch());
            }
            long baselineStart = System.nanoTime();
            try (Embedder baseline = BenchEmbedders.open(settings.baselineId(), settings.options())) {
                baseline.embed(List.of(FIRST_TEXT), EmbeddingPurpose.PASSAGE);
                long baselineOpenMs = (System.nanoTime() - baselineStart) / 1_000_000;
                Timing timing = time(measured, baseline, messages, settings);
                Measurement ours = measurement(measured, timing, coldStartMs, coldStartCpuMs, openMs, messages);
                Measurement theirs = new Measurement(
                        baseline.modelId(),
                        messages.size(),
                        timing.baselineTokens,
                        timing.baselineNanos / 1e9,
                        BenchEmbedders.threads(baseline),
                        null,
                        null,
                        null,
                        baselineOpenMs,
                        null,
                        null,
                        null);
                return new Report(
                        ours,
                        theirs,
                        ours.messagesPerSecond() / theirs.messagesPerSecond(),
                        ProcessStats.peakRssMiB(),
                        corpus.source(),
                        settings.batch());
            }
        }
    }

    private static final class Timing {
        long measuredNanos;
        long baselineNanos;
        long measuredTokens;
        long baselineTokens;
        OnnxEmbedder.Stats measuredStats;
    }

    private static Timing time(Embedder measured, Embedder baseline, List<String> messages, Settings settings) {
        int batch = settings.batch();
        List<String> warmup = messages.subList(0, Math.min(settings.warmup(), messages.size()));
        for (int from = 0; from < warmup.size(); from += batch) {
            List<String> chunk = warmup.subList(from, Math.min(warmup.size(), from + batch));
            measured.embed(chunk, EmbeddingPurpose.PASSAGE);
            if (baseline != null) {
                baseline.embed(chunk, EmbeddingPurpose.PASSAGE);
            }
        }
        Timing timing = new Timing();
        long measuredTokensBefore = BenchEmbedders.tokens(measured);
        OnnxEmbedder.Stats statsBefore = measured instanceof OnnxEmbedder onnx ? onnx.stats() : null;
        long baselineTokensBefore = baseline == null ? 0 : BenchEmbedders.tokens(baseline);
        int call = 0;
        for (int from = 0; from < messages.size(); from += batch, call++) {
            List<String> chunk = messages.subList(from, Math.min(messages.size(), from + batch));
            // Alternate who goes first, so neither always runs right after the other's garbage or cache misses.
            if (baseline != null && call % 2 == 1) {
                timing.baselineNanos += timed(baseline, chunk);
            }
            timing.measuredNanos += timed(measured, chunk);
            if (baseline != null && call % 2 == 0) {
                timing.baselineNanos += timed(baseline, chunk);
            }
        }
        timing.measuredTokens = BenchEmbedders.tokens(measured) - measuredTokensBefore;
        if (statsBefore != null) {
            OnnxEmbedder.Stats after = ((OnnxEmbedder) measured).stats();
            timing.measuredStats = new OnnxEmbedder.Stats(
                    after.texts() - statsBefore.texts(),
                    after.tokens() - statsBefore.tokens(),
                    after.paddedTokens() - statsBefore.paddedTokens(),
                    after.runs() - statsBefore.runs());
        }
        if (baseline != null) {
            timing.baselineTokens = BenchEmbedders.tokens(baseline) - baselineTokensBefore;
        }
        return timing;
    }

    private static long timed(Embedder embedder, List<String> chunk) {
        long start = System.nanoTime();
        embedder.embed(chunk, EmbeddingPurpose.PASSAGE);
        return System.nanoTime() - start;
    }

    private static Measurement measurement(
            Embedder embedder,
            Timing timing,
            long coldStartMs,
            long coldStartCpuMs,
            long openMs,
            List<String> messages) {
        OnnxEmbedder.Stats stats = timing.measuredStats;
        return new Measurement(
                embedder.modelId(),
                messages.size(),
                timing.measuredTokens,
                timing.measuredNanos / 1e9,
                BenchEmbedders.threads(embedder),
                embedder instanceof OnnxEmbedder onnx ? onnx.intraOpThreads() : null,
                coldStartMs,
                coldStartCpuMs,
                openMs,
                embedder instanceof OnnxEmbedder onnx ? onnx.tokenBudget() : null,
                stats == null ? null : stats.paddedTokens(),
                stats == null ? null : stats.runs());
    }
}
