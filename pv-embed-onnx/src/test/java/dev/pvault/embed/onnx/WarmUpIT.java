package dev.pvault.embed.onnx;

import static dev.pvault.embed.onnx.TestModels.CACHE;
import static dev.pvault.embed.onnx.TestModels.OPTIONS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.pvault.core.embed.EmbeddingPurpose;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The warm-up a command runs while it parses its arguments: safe beside a model being opened, and repeatable. */
class WarmUpIT {
    @Test
    void warmUpBesideAnOpen_leavesAWorkingEmbedder() {
        CompletableFuture<Void> warmUps = CompletableFuture.allOf(
                CompletableFuture.runAsync(() -> OnnxEmbedders.warmUp(CACHE)),
                CompletableFuture.runAsync(() -> OnnxEmbedders.warmUp(CACHE)));

        try (OnnxEmbedder embedder = OnnxEmbedders.open("onnx:all-minilm-l6-v2-q", OPTIONS)) {
            warmUps.join();
            OnnxEmbedders.warmUp(CACHE);
            float[] vector = embedder.embed(List.of("warm start"), EmbeddingPurpose.PASSAGE)
                    .vectors()
                    .getFirst();

            assertThat(vector).hasSize(384);
            assertThat(TestModels.norm(vector)).isCloseTo(1.0, within(1e-4));
        }
    }
}
