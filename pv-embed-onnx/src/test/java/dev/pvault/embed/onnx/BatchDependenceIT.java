package dev.pvault.embed.onnx;

import static dev.pvault.core.embed.VectorMath.cosine;
import static dev.pvault.embed.onnx.TestModels.OPTIONS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pvault.core.embed.EmbeddingPurpose;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * How much a vector depends on the other texts of its call, on 1,000 real chat-like messages embedded as the
 * worker embeds them (calls of 500) against each message embedded alone, as a query is. fp32: not at all. int8:
 * a little, by design of its dynamic quantisation (OnnxEmbedder's class comment); the bounds below are the ones
 * docs/EMBEDDING.md states. Needs {@code bench/corpus-10k.txt} in the shared folder; skips where it is absent.
 */
class BatchDependenceIT {
    private static final int MESSAGES = 1000;
    private static final int CALL = 500;
    private static List<String> messages;

    @BeforeAll
    static void readCorpus() throws IOException {
        String shared = System.getProperty("pv.shared.dir");
        Path file = shared == null ? null : Path.of(shared, "bench", "corpus-10k.txt");
        assumeTrue(
                file != null && Files.isRegularFile(file),
                "chat corpus not found at " + file + " (set pv.shared.dir to the shared data folder)");
        messages = Files.readAllLines(file, StandardCharsets.UTF_8).subList(0, MESSAGES);
    }

    private static double[] batchedAgainstAlone(String id) {
        try (OnnxEmbedder embedder = OnnxEmbedders.open(id, OPTIONS)) {
            List<float[]> batched = new ArrayList<>(MESSAGES);
            for (int from = 0; from < MESSAGES; from += CALL) {
                batched.addAll(embedder.embed(messages.subList(from, from + CALL), EmbeddingPurpose.PASSAGE)
                        .vectors());
            }
            double[] cosines = new double[MESSAGES];
            for (int i = 0; i < MESSAGES; i++) {
                float[] alone = embedder.embed(List.of(messages.get(i)), EmbeddingPurpose.PASSAGE)
                        .vectors()
                        .getFirst();
                cosines[i] = cosine(batched.get(i), alone);
            }
            Arrays.sort(cosines);
            System.out.printf(
                    Locale.ROOT,
                    "%s, %d messages in calls of %d vs alone: cosine min %.5f, 1st percentile %.5f, median %.5f%n",
                    id,
                    MESSAGES,
                    CALL,
                    cosines[0],
                    cosines[MESSAGES / 100],
                    cosines[MESSAGES / 2]);
            return cosines;
        }
    }

    @Test
    void fp32_batchedEqualsAlone() {
        double[] cosines = batchedAgainstAlone("onnx:all-minilm-l6-v2");

        assertThat(cosines[0]).isGreaterThan(0.99999);
    }

    @Test
    void int8_batchedStaysWithinTheDocumentedBounds() {
        double[] cosines = batchedAgainstAlone("onnx:all-minilm-l6-v2-q");

        assertThat(cosines[MESSAGES / 2]).isGreaterThan(0.98);
        assertThat(cosines[MESSAGES / 100]).isGreaterThan(0.95);
        assertThat(cosines[0]).isGreaterThan(0.90);
    }
}
