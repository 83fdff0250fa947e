package dev.pvault.embed.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pvault.core.VaultException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OnnxEmbeddersTest {

    @Test
    void bundledIds_areTheStableIdsTheCliUses() {
        assertThat(OnnxEmbedders.bundledIds())
                .containsExactly("onnx:all-minilm-l6-v2", "onnx:all-minilm-l6-v2-q", "onnx:bge-small-en-v1.5-q");
        assertThat(OnnxEmbedders.bundledIds()).contains(OnnxEmbedders.DEFAULT_ID);
    }

    @Test
    void accepts_onlyOnnxIds() {
        assertThat(OnnxEmbedders.accepts("onnx:all-minilm-l6-v2")).isTrue();
        assertThat(OnnxEmbedders.accepts("onnx:/models/e5")).isTrue();
        assertThat(OnnxEmbedders.accepts("openai:text-embedding-3-small")).isFalse();
        assertThat(OnnxEmbedders.accepts(null)).isFalse();
    }

    @Test
    void resolve_rejectsAnUnknownNameListingTheKnownOnes() {
        assertThatThrownBy(() -> OnnxEmbedders.resolve("onnx:all-minilm-l12-v2", Path.of("unused")))
                .isInstanceOf(VaultException.class)
                .hasMessageContaining("unknown embedder 'onnx:all-minilm-l12-v2'")
                .hasMessageContaining("onnx:bge-small-en-v1.5-q");
        assertThatThrownBy(() -> OnnxEmbedders.resolve("openai:text-embedding-3-small", Path.of("unused")))
                .hasMessageContaining("not an ONNX embedder id");
    }

    @Test
    void bundledModels_pinTheSentenceTransformersSettings() {
        assertThat(BundledModel.byName("all-minilm-l6-v2").maxTokens()).isEqualTo(256);
        assertThat(BundledModel.byName("all-minilm-l6-v2-q").pooling()).isEqualTo(Pooling.MEAN);
        BundledModel bge = BundledModel.byName("bge-small-en-v1.5-q");
        assertThat(bge.pooling()).isEqualTo(Pooling.CLS);
        assertThat(bge.maxTokens()).isEqualTo(512);
        assertThat(bge.queryPrefix()).isEqualTo("Represent this sentence for searching relevant passages: ");
        assertThat(BundledModel.byName("All-MiniLM-L6-v2")).isEqualTo(BundledModel.ALL_MINILM_L6_V2);
        assertThat(BundledModel.byName("nope")).isNull();
    }

    @Test
    void defaultCacheDir_prefersPvCacheDirThenXdg() {
        assertThat(OnnxEmbedders.defaultCacheDir(Map.of("PV_CACHE_DIR", "/tmp/pv", "XDG_CACHE_HOME", "/x"), "/home/u"))
                .isEqualTo(Path.of("/tmp/pv"));
        assertThat(OnnxEmbedders.defaultCacheDir(Map.of("XDG_CACHE_HOME", "/x"), "/home/u"))
                .isEqualTo(Path.of("/x/pvault"));
        assertThat(OnnxEmbedders.defaultCacheDir(Map.of(), "/home/u")).isEqualTo(Path.of("/home/u/.cache/pvault"));
    }

    @Test
    void options_rejectNonsense() {
        assertThatThrownBy(() -> new OnnxEmbedders.Options(Path.of("c"), 0, 1, 2048, 0.8))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OnnxEmbedders.Options(Path.of("c"), 2, 0, 2048, 0.8))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OnnxEmbedders.Options(Path.of("c"), 2, 1, 2048, 1.5))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(OnnxEmbedders.Options.defaults(Path.of("c")).threads())
                .isEqualTo(Runtime.getRuntime().availableProcessors());
    }
}
