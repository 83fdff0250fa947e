package dev.pvault.bench;

import dev.pvault.core.UserException;
import dev.pvault.core.embed.Embedder;
import dev.pvault.embed.onnx.OnnxEmbedder;
import dev.pvault.embed.onnx.OnnxEmbedders;

/** Opens an embedder for a benchmark: ours ({@code onnx:...}) or LangChain4j's ({@code langchain4j:...}). */
public final class BenchEmbedders {
    private BenchEmbedders() {}

    public static Embedder open(String id, OnnxEmbedders.Options options) {
        if (OnnxEmbedders.accepts(id)) {
            return OnnxEmbedders.open(id, options);
        }
        if (LangChain4jEmbedder.accepts(id)) {
            return LangChain4jEmbedder.open(id);
        }
        throw new UserException("unknown embedder '" + id + "': use onnx:NAME, onnx:/path or langchain4j:NAME");
    }

    /** Tokens the embedder has processed so far, as it counts them. */
    static long tokens(Embedder embedder) {
        if (embedder instanceof OnnxEmbedder onnx) {
            return onnx.stats().tokens();
        }
        if (embedder instanceof LangChain4jEmbedder langChain4j) {
            return langChain4j.tokens();
        }
        return 0;
    }

    /**
     * The threads the embedder computes on: ONNX Runtime's intra-op pool for ours; for LangChain4j, its executor
     * (one thread per core) on top of ONNX Runtime's default pool (also one per core).
     */
    static int threads(Embedder embedder) {
        if (embedder instanceof OnnxEmbedder onnx) {
            return onnx.threads();
        }
        return Runtime.getRuntime().availableProcessors();
    }
}
