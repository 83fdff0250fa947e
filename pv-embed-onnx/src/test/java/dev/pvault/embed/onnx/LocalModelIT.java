package dev.pvault.embed.onnx;

import static dev.pvault.embed.onnx.TestModels.OPTIONS;
import static dev.pvault.embed.onnx.TestModels.SENTENCES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pvault.core.VaultException;
import dev.pvault.core.embed.EmbeddingPurpose;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model folder a user brings, and the cache that bundled models are extracted into. */
class LocalModelIT {
    private static final String CONFIG = "{\"name\": \"minilm-copy\", \"pooling\": \"mean\", \"max_tokens\": 256}";

    @TempDir
    Path temp;

    private Path folderWithBundledInt8(Path folder, String config) throws IOException {
        Path bundled = new ModelCache(TestModels.CACHE).bundled(BundledModel.ALL_MINILM_L6_V2_Q);
        Files.createDirectories(folder);
        Files.copy(bundled.resolve("model.onnx"), folder.resolve("model.onnx"));
        Files.copy(bundled.resolve("tokenizer.json"), folder.resolve("tokenizer.json"));
        Files.writeString(folder.resolve("embedder.json"), config);
        return folder;
    }

    @Test
    void folder_withTheBundledFilesGivesTheBundledVectorsUnderAContentId() throws IOException {
        Path folder = folderWithBundledInt8(temp.resolve("a"), CONFIG);

        try (OnnxEmbedder local = OnnxEmbedders.open("onnx:" + folder, OPTIONS);
                OnnxEmbedder bundled = OnnxEmbedders.open("onnx:all-minilm-l6-v2-q", OPTIONS)) {
            assertThat(local.modelId()).matches("onnx:minilm-copy@[0-9a-f]{12}");
            List<float[]> ours =
                    local.embed(SENTENCES, EmbeddingPurpose.PASSAGE).vectors();
            List<float[]> reference =
                    bundled.embed(SENTENCES, EmbeddingPurpose.PASSAGE).vectors();
            for (int i = 0; i < SENTENCES.size(); i++) {
                assertThat(ours.get(i)).containsExactly(reference.get(i));
            }
        }
    }

    @Test
    void folder_idFollowsContentNotPlace() throws IOException {
        Path a = folderWithBundledInt8(temp.resolve("a"), CONFIG);
        Path moved = folderWithBundledInt8(temp.resolve("elsewhere/b"), CONFIG);
        Path prefixed =
                folderWithBundledInt8(temp.resolve("c"), CONFIG.replace("}", ", \"passage_prefix\": \"passage: \"}"));

        String idA = OnnxEmbedders.resolve("onnx:" + a, TestModels.CACHE).modelId();

        assertThat(OnnxEmbedders.resolve("onnx:" + moved, TestModels.CACHE).modelId())
                .isEqualTo(idA);
        assertThat(OnnxEmbedders.resolve("onnx:" + prefixed, TestModels.CACHE).modelId())
                .startsWith("onnx:minilm-copy@")
                .isNotEqualTo(idA);
    }

    @Test
    void folder_withAMissingFileOrBadConfigIsAUserError() throws IOException {
        Path folder = folderWithBundledInt8(temp.resolve("a"), CONFIG);
        Files.delete(folder.resolve("tokenizer.json"));
        assertThatThrownBy(() -> OnnxEmbedders.resolve("onnx:" + folder, TestModels.CACHE))
                .isInstanceOf(VaultException.class)
                .hasMessageContaining("has no tokenizer.json");

        Path badConfig = folderWithBundledInt8(temp.resolve("b"), "{\"name\": \"x\"}");
        assertThatThrownBy(() -> OnnxEmbedders.resolve("onnx:" + badConfig, TestModels.CACHE))
                .isInstanceOf(VaultException.class)
                .hasMessageContaining("embedder.json")
                .hasMessageContaining("'max_tokens'");

        assertThatThrownBy(() -> OnnxEmbedders.resolve("onnx:" + temp.resolve("none"), TestModels.CACHE))
                .hasMessageContaining("does not exist");
    }

    @Test
    void cache_extractsOnceAndReplacesADamagedFile() throws IOException {
        ModelCache cache = new ModelCache(temp.resolve("cache"));

        Path dir = cache.bundled(BundledModel.ALL_MINILM_L6_V2_Q);
        Path model = dir.resolve("model.onnx");
        assertThat(Files.size(model))
                .isEqualTo(BundledModel.ALL_MINILM_L6_V2_Q.model().size());
        assertThat(Files.readString(dir.resolve("model.onnx.sha256")))
                .isEqualTo(BundledModel.ALL_MINILM_L6_V2_Q.model().sha256());
        long extractedAt = Files.getLastModifiedTime(model).toMillis();

        assertThat(cache.bundled(BundledModel.ALL_MINILM_L6_V2_Q)).isEqualTo(dir);
        assertThat(Files.getLastModifiedTime(model).toMillis()).isEqualTo(extractedAt);

        Files.write(model, new byte[] {1, 2, 3});
        cache.bundled(BundledModel.ALL_MINILM_L6_V2_Q);
        assertThat(Files.size(model))
                .isEqualTo(BundledModel.ALL_MINILM_L6_V2_Q.model().size());
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder(
                            "model.onnx", "model.onnx.sha256", "tokenizer.json", "tokenizer.json.sha256");
        }
    }
}
