package dev.pvault.embed.onnx;

import dev.pvault.core.embed.Embedder;
import dev.pvault.core.embed.EmbedderProvider;
import java.nio.file.Path;

/**
 * Lets the Lambda function, {@code pvault worker} and local mode open ONNX embedders by id ({@code
 * onnx:all-minilm-l6-v2}, {@code onnx:/path/to/model-dir}) without depending on this module. Model files are
 * cached under {@code $PV_CACHE_DIR} (on Lambda, a folder under /tmp), else the user's cache folder.
 */
public final class OnnxEmbedderProvider implements EmbedderProvider {
    @Override
    public boolean supports(String spec) {
        return OnnxEmbedders.accepts(spec);
    }

    @Override
    public Embedder create(String spec) {
        return OnnxEmbedders.open(spec, OnnxEmbedders.Options.defaults(defaultCacheDir()));
    }

    @Override
    public String modelId(String spec) {
        return OnnxEmbedders.modelId(spec, defaultCacheDir());
    }

    /** Loads ONNX Runtime's and the tokenizer's native libraries (from the same cache {@link #create} uses). */
    @Override
    public void warmUp() {
        OnnxEmbedders.warmUp(defaultCacheDir());
    }

    private static Path defaultCacheDir() {
        return OnnxEmbedders.defaultCacheDir(System.getenv(), System.getProperty("user.home"));
    }
}
