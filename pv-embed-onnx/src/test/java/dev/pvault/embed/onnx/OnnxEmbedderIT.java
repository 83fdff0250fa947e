package dev.pvault.embed.onnx;

import static dev.pvault.core.embed.VectorMath.cosine;
import static dev.pvault.embed.onnx.TestModels.OPTIONS;
import static dev.pvault.embed.onnx.TestModels.SENTENCES;
import static dev.pvault.embed.onnx.TestModels.norm;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.pvault.core.embed.EmbeddingPurpose;
import dev.pvault.core.embed.Embeddings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The engine on the real bundled models: behaviour, bad input, truncation and batching. */
class OnnxEmbedderIT {
    private static OnnxEmbedder fp32;
    private static OnnxEmbedder int8;
    private static OnnxEmbedder bge;

    @BeforeAll
    static void open() {
        fp32 = OnnxEmbedders.open("onnx:all-minilm-l6-v2", OPTIONS);
        int8 = OnnxEmbedders.open("onnx:all-minilm-l6-v2-q", OPTIONS);
        bge = OnnxEmbedders.open("onnx:bge-small-en-v1.5-q", OPTIONS);
    }

    @AfterAll
    static void close() {
        for (OnnxEmbedder embedder : new OnnxEmbedder[] {fp32, int8, bge}) {
            if (embedder != null) {
                embedder.close();
            }
        }
    }

    private static OnnxEmbedder byId(String id) {
        return switch (id) {
            case "onnx:all-minilm-l6-v2" -> fp32;
            case "onnx:all-minilm-l6-v2-q" -> int8;
            default -> bge;
        };
    }

    private static float[] alone(OnnxEmbedder embedder, String text) {
        return embedder.embed(List.of(text), EmbeddingPurpose.PASSAGE).vectors().getFirst();
    }

    @ParameterizedTest
    @ValueSource(strings = {"onnx:all-minilm-l6-v2", "onnx:all-minilm-l6-v2-q", "onnx:bge-small-en-v1.5-q"})
    void embed_givesOneUnitVectorPerTextInOrder(String id) {
        OnnxEmbedder embedder = byId(id);

        Embeddings embeddings = embedder.embed(SENTENCES, EmbeddingPurpose.PASSAGE);

        assertThat(embeddings.modelId()).isEqualTo(id);
        assertThat(embeddings.dimension()).isEqualTo(384).isEqualTo(embedder.dimension());
        assertThat(embeddings.vectors()).hasSize(SENTENCES.size());
        for (float[] vector : embeddings.vectors()) {
            assertThat(norm(vector)).isCloseTo(1.0, within(1e-5));
        }
        // In order: the onion sentences are each other's nearest neighbours among these.
        float[] onion = embeddings.vectors().get(16);
        float[] vegetables = embeddings.vectors().get(17);
        float[] fox = embeddings.vectors().get(5);
        assertThat(cosine(onion, vegetables)).isGreaterThan(cosine(onion, fox) + 0.2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"onnx:all-minilm-l6-v2", "onnx:all-minilm-l6-v2-q", "onnx:bge-small-en-v1.5-q"})
    void badInput_eachTextGetsAUnitVectorAndTheBatchSucceeds(String id) {
        List<String> batch = badInputBatch();

        List<float[]> vectors = byId(id).embed(batch, EmbeddingPurpose.PASSAGE).vectors();

        assertThat(vectors).hasSize(batch.size());
        for (float[] vector : vectors) {
            for (float component : vector) {
                assertThat(Float.isFinite(component)).isTrue();
            }
            assertThat(norm(vector)).isCloseTo(1.0, within(1e-5));
        }
    }

    @Test
    void badInput_isEmbeddedAsTheTokenizerNormalisesIt() {
        List<String> batch = badInputBatch();

        List<float[]> vectors = fp32.embed(batch, EmbeddingPurpose.PASSAGE).vectors();

        float[] empty = alone(fp32, "");
        assertThat(cosine(vectors.get(1), empty)).isGreaterThan(0.99999);
        assertThat(cosine(vectors.get(2), empty)).as("whitespace only").isGreaterThan(0.99999);
        assertThat(cosine(vectors.get(6), alone(fp32, "bad surrogate"))).isGreaterThan(0.99999);
        // BERT's normaliser drops NUL and other control characters, joining what was around them.
        assertThat(cosine(vectors.get(7), alone(fp32, "nulinside"))).isGreaterThan(0.99999);
        // Well-formed batch-mates are untouched by the bad ones.
        assertThat(cosine(vectors.get(0), alone(fp32, batch.get(0)))).isGreaterThan(0.99999);
        assertThat(cosine(vectors.get(8), alone(fp32, batch.get(8)))).isGreaterThan(0.99999);
    }

    private static List<String> badInputBatch() {
        return List.of(
                "are you coming to the pub later?",
                "",
                "  \t\n ",
                "lorem ipsum dolor sit amet ".repeat(400).substring(0, 10_000),
                "😀😂🎉🙏",
                "مرحبا، كيف حالك اليوم؟ שלום לכולם",
                "bad \uD800 surrogate",
                "nul\u0000inside",
                "see you at the station at 7");
    }

    @Test
    void truncation_isAt256WordPiecesNot128() {
        // "hello" is one word piece: 150 of them plus [CLS] and [SEP] is past 128 and within 256.
        String past128 = "hello ".repeat(150);
        assertThat(cosine(alone(fp32, past128), alone(fp32, past128 + "zebra giraffe volcano")))
                .isLessThan(0.9999);

        // 254 of them fill all 256 positions: anything after is cut.
        String full = "hello ".repeat(254);
        assertThat(alone(fp32, full + "zebra giraffe volcano")).containsExactly(alone(fp32, full));
    }

    @Test
    void truncation_bgeIsAt512() {
        String past256 = "hello ".repeat(300);
        assertThat(cosine(alone(bge, past256), alone(bge, past256 + "zebra giraffe volcano")))
                .isLessThan(0.99999);
        String full = "hello ".repeat(510);
        assertThat(alone(bge, full + "zebra giraffe volcano")).containsExactly(alone(bge, full));
    }

    @Test
    void fp32_aVectorDoesNotDependOnItsBatchMates() {
        List<float[]> batched = fp32.embed(SENTENCES, EmbeddingPurpose.PASSAGE).vectors();

        for (int i = 0; i < SENTENCES.size(); i++) {
            float[] single = alone(fp32, SENTENCES.get(i));
            assertThat(cosine(batched.get(i), single)).as("sentence %d", i).isGreaterThan(0.99999);
        }
    }

    @Test
    void threads_oneRunAtATimeOnOnnxRuntimesPoolGivesTheSameVectors() {
        List<float[]> sideBySide =
                fp32.embed(SENTENCES, EmbeddingPurpose.PASSAGE).vectors();

        try (OnnxEmbedder pooled = OnnxEmbedders.open(
                "onnx:all-minilm-l6-v2", OPTIONS.withThreads(1).withIntraOpThreads(2))) {
            List<float[]> vectors =
                    pooled.embed(SENTENCES, EmbeddingPurpose.PASSAGE).vectors();
            for (int i = 0; i < SENTENCES.size(); i++) {
                assertThat(cosine(vectors.get(i), sideBySide.get(i))).isGreaterThan(0.99999);
            }
        }
    }

    @Test
    void concurrentCalls_eachGetTheirOwnVectors() throws Exception {
        List<float[]> expected = fp32.embed(SENTENCES, EmbeddingPurpose.PASSAGE).vectors();
        List<String> reversed = new ArrayList<>(SENTENCES);
        java.util.Collections.reverse(reversed);

        try (var executor = java.util.concurrent.Executors.newFixedThreadPool(3)) {
            List<java.util.concurrent.Future<List<float[]>>> calls = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                List<String> texts = i % 2 == 0 ? SENTENCES : reversed;
                calls.add(executor.submit(
                        () -> fp32.embed(texts, EmbeddingPurpose.PASSAGE).vectors()));
            }
            for (int i = 0; i < calls.size(); i++) {
                List<float[]> vectors = calls.get(i).get();
                for (int t = 0; t < SENTENCES.size(); t++) {
                    int original = i % 2 == 0 ? t : SENTENCES.size() - 1 - t;
                    assertThat(cosine(vectors.get(t), expected.get(original))).isGreaterThan(0.99999);
                }
            }
        }
    }

    @Test
    void int8_aBatchedVectorStaysCloseToTheSameTextAlone() {
        // Dynamic int8 quantisation uses one scale per tensor, so batch-mates shift a vector a little
        // (OnnxEmbedder's class comment). Measured on 1,000 chat messages: median cosine 0.990, minimum 0.934.
        List<float[]> batched = int8.embed(SENTENCES, EmbeddingPurpose.PASSAGE).vectors();

        double[] cosines = new double[SENTENCES.size()];
        for (int i = 0; i < SENTENCES.size(); i++) {
            cosines[i] = cosine(batched.get(i), alone(int8, SENTENCES.get(i)));
        }
        Arrays.sort(cosines);
        assertThat(cosines[0]).isGreaterThan(0.90);
        assertThat(cosines[cosines.length / 2]).isGreaterThan(0.975);
    }

    @Test
    void int8_theSameCallGivesTheSameVectors() {
        List<float[]> first = int8.embed(SENTENCES, EmbeddingPurpose.PASSAGE).vectors();
        List<float[]> second = int8.embed(SENTENCES, EmbeddingPurpose.PASSAGE).vectors();

        for (int i = 0; i < SENTENCES.size(); i++) {
            assertThat(second.get(i)).containsExactly(first.get(i));
        }
        assertThat(int8.embedQuery("where is the party")).containsExactly(int8.embedQuery("where is the party"));
    }

    @Test
    void query_bgePrefixesItsRetrievalInstructionMiniLmDoesNot() {
        String query = "when is the dentist appointment";

        assertThat(bge.embedQuery(query))
                .containsExactly(alone(bge, "Represent this sentence for searching relevant passages: " + query));
        assertThat(cosine(bge.embedQuery(query), alone(bge, query))).isLessThan(0.99);
        assertThat(fp32.embedQuery(query)).containsExactly(alone(fp32, query));
    }

    @Test
    void embed_ofNothingIsEmptyAndANullTextIsABug() {
        assertThat(fp32.embed(List.of(), EmbeddingPurpose.PASSAGE).vectors()).isEmpty();

        List<String> withNull = new ArrayList<>(List.of("a"));
        withNull.add(null);
        assertThatThrownBy(() -> fp32.embed(withNull, EmbeddingPurpose.PASSAGE))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("text 1 of 2 is null");
    }

    @Test
    void stats_countTextsTokensAndPadding() {
        try (OnnxEmbedder embedder = OnnxEmbedders.open("onnx:all-minilm-l6-v2-q", OPTIONS)) {
            embedder.embed(List.of("hello", "hello world", "ok"), EmbeddingPurpose.PASSAGE);

            // [CLS] hello [SEP] = 3, [CLS] hello world [SEP] = 4, [CLS] ok [SEP] = 3.
            OnnxEmbedder.Stats stats = embedder.stats();
            assertThat(stats.texts()).isEqualTo(3);
            assertThat(stats.tokens()).isEqualTo(10);
            assertThat(stats.paddedTokens()).isEqualTo(10);
            assertThat(stats.runs()).isEqualTo(2);
        }
    }

    @Test
    void toString_showsSettingsOnly() {
        assertThat(fp32.toString())
                .isEqualTo("OnnxEmbedder[model=onnx:all-minilm-l6-v2, dimension=384, threads=2, intraOpThreads=1,"
                        + " maxTokens=256, tokenBudget=2048]");
    }

    @Test
    void close_thenEmbedFailsClearly() {
        OnnxEmbedder embedder = OnnxEmbedders.open("onnx:all-minilm-l6-v2-q", OPTIONS);
        embedder.close();
        embedder.close();

        assertThatThrownBy(() -> embedder.embedQuery("x"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("embedder onnx:all-minilm-l6-v2-q is closed");
    }
}
