package dev.pvault.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pvault.core.embed.Embedder;
import dev.pvault.embed.onnx.OnnxEmbedders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * STS-B dev Spearman of each bundled model, in the batching that ships, against LangChain4j's run of the same
 * model file in the same JVM: they must agree within 0.002. Needs {@code data/stsb/stsb-en-dev.csv} in the shared
 * folder; skips with a message where it is absent.
 */
class StsConformanceIT {
    private static final OnnxEmbedders.Options OPTIONS =
            OnnxEmbedders.Options.defaults(Path.of("target", "model-cache").toAbsolutePath());
    private static List<StsBenchmark.Pair> pairs;
    private static final Map<String, Double> SPEARMAN = new LinkedHashMap<>();

    @BeforeAll
    static void readDevSplit() {
        String shared = System.getProperty("pv.shared.dir");
        Path file = shared == null ? null : Path.of(shared, StsBenchmark.SHARED_DEV_SPLIT);
        assumeTrue(
                file != null && Files.isRegularFile(file),
                "STS-B dev split not found at " + file + " (set pv.shared.dir to the shared data folder)");
        pairs = StsBenchmark.read(file);
        assertThat(pairs).hasSize(1500);
    }

    private static double spearman(String id) {
        return SPEARMAN.computeIfAbsent(id, key -> {
            try (Embedder embedder = BenchEmbedders.open(key, OPTIONS)) {
                StsBenchmark.Result result = StsBenchmark.run(embedder, pairs, EmbedBenchmark.DEFAULT_BATCH);
                System.out.printf(
                        Locale.ROOT,
                        "STS-B dev %-34s Spearman %.5f  Pearson %.5f  (%d pairs, calls of %d, %.1f s)%n",
                        key,
                        result.spearman(),
                        result.pearson(),
                        result.pairs(),
                        result.batch(),
                        result.seconds());
                return result.spearman();
            }
        });
    }

    @Test
    void allMiniLmFp32_agreesWithLangChain4j() {
        assertThat(spearman("onnx:all-minilm-l6-v2"))
                .isCloseTo(spearman("langchain4j:all-minilm-l6-v2"), within(0.002))
                .isGreaterThan(0.85);
    }

    @Test
    void allMiniLmInt8_agreesWithLangChain4jAndStaysWithinOneHundredthOfFp32() {
        assertThat(spearman("onnx:all-minilm-l6-v2-q"))
                .isCloseTo(spearman("langchain4j:all-minilm-l6-v2-q"), within(0.002))
                .isCloseTo(spearman("onnx:all-minilm-l6-v2"), within(0.01));
    }

    @Test
    void bgeSmallInt8_agreesWithLangChain4j() {
        assertThat(spearman("onnx:bge-small-en-v1.5-q"))
                .isCloseTo(spearman("langchain4j:bge-small-en-v1.5-q"), within(0.002))
                .isGreaterThan(0.85);
    }
}
