package dev.pvault.embed.onnx;

import static dev.pvault.core.embed.VectorMath.cosine;
import static dev.pvault.embed.onnx.TestModels.OPTIONS;
import static dev.pvault.embed.onnx.TestModels.SENTENCES;
import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import dev.pvault.core.embed.EmbeddingPurpose;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Our vectors against LangChain4j's for the same model files, which its project checks against
 * sentence-transformers. The sentences stay under 128 word pieces: LangChain4j truncates at the 128 of the
 * artifacts' tokenizer.json, sentence-transformers and this engine at 256.
 */
class GoldenVectorsIT {

    @BeforeAll
    static void optOutOfTelemetry() {
        // LangChain4j loads DJL's tokenizer, which phones home from EC2 unless told not to.
        System.setProperty("OPT_OUT_TRACKING", "true");
    }

    @Test
    void fp32_matchesLangChain4jInABatch() {
        assertMatches("onnx:all-minilm-l6-v2", AllMiniLmL6V2EmbeddingModel::new, false);
    }

    /** LangChain4j runs int8 one text at a time; so does this comparison (batch-mates shift int8 vectors). */
    @Test
    void int8_matchesLangChain4jTextByText() {
        assertMatches("onnx:all-minilm-l6-v2-q", AllMiniLmL6V2QuantizedEmbeddingModel::new, true);
    }

    @Test
    void bge_matchesLangChain4jTextByText() {
        assertMatches("onnx:bge-small-en-v1.5-q", BgeSmallEnV15QuantizedEmbeddingModel::new, true);
    }

    private static void assertMatches(String id, Supplier<EmbeddingModel> reference, boolean oneByOne) {
        List<float[]> theirs =
                reference
                        .get()
                        .embedAll(SENTENCES.stream().map(TextSegment::from).toList())
                        .content()
                        .stream()
                        .map(e -> e.vector())
                        .toList();
        try (OnnxEmbedder ours = OnnxEmbedders.open(id, OPTIONS)) {
            List<float[]> vectors = oneByOne
                    ? SENTENCES.stream()
                            .map(s -> ours.embed(List.of(s), EmbeddingPurpose.PASSAGE)
                                    .vectors()
                                    .getFirst())
                            .toList()
                    : ours.embed(SENTENCES, EmbeddingPurpose.PASSAGE).vectors();
            for (int i = 0; i < SENTENCES.size(); i++) {
                assertThat(cosine(vectors.get(i), theirs.get(i)))
                        .as("%s, sentence %d", id, i)
                        .isGreaterThanOrEqualTo(0.9999);
            }
        }
    }
}
