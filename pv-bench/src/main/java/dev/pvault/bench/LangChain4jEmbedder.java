package dev.pvault.bench;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.DimensionAwareEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import dev.langchain4j.model.output.Response;
import dev.pvault.core.UserException;
import dev.pvault.core.embed.Embedder;
import dev.pvault.core.embed.EmbeddingPurpose;
import dev.pvault.core.embed.Embeddings;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * LangChain4j's in-process embedding models behind the {@link Embedder} port, used as they ship (their own
 * thread pool, one session run per text), so benchmarks and conformance tests compare like with like. Ids:
 * {@code langchain4j:all-minilm-l6-v2}, {@code langchain4j:all-minilm-l6-v2-q},
 * {@code langchain4j:bge-small-en-v1.5-q}. Never part of the product.
 */
public final class LangChain4jEmbedder implements Embedder {
    public static final String PREFIX = "langchain4j:";

    private final String modelId;
    private final DimensionAwareEmbeddingModel model;
    private final LongAdder tokens = new LongAdder();

    private LangChain4jEmbedder(String modelId, DimensionAwareEmbeddingModel model) {
        this.modelId = modelId;
        this.model = model;
    }

    /** The ids this adapter opens. */
    public static List<String> ids() {
        return List.of(PREFIX + "all-minilm-l6-v2", PREFIX + "all-minilm-l6-v2-q", PREFIX + "bge-small-en-v1.5-q");
    }

    public static boolean accepts(String id) {
        return id != null && id.startsWith(PREFIX);
    }

    /** Loads the LangChain4j model named by {@code id}. */
    public static LangChain4jEmbedder open(String id) {
        BenchSetup.optOutOfTelemetry();
        Supplier<DimensionAwareEmbeddingModel> factory = switch (id) {
            case PREFIX + "all-minilm-l6-v2" -> AllMiniLmL6V2EmbeddingModel::new;
            case PREFIX + "all-minilm-l6-v2-q" -> AllMiniLmL6V2QuantizedEmbeddingModel::new;
            case PREFIX + "bge-small-en-v1.5-q" -> BgeSmallEnV15QuantizedEmbeddingModel::new;
            default ->
                throw new UserException(
                        "unknown LangChain4j model '" + id + "': known are " + String.join(", ", ids()));
        };
        return new LangChain4jEmbedder(id, factory.get());
    }

    @Override
    public String modelId() {
        return modelId;
    }

    @Override
    public int dimension() {
        return model.dimension();
    }

    /**
     * Tokens embedded so far, counted as the model computes them: LangChain4j reports word pieces without
     * [CLS] and [SEP], so two per text are added to compare with {@code OnnxEmbedder}'s count.
     */
    public long tokens() {
        return tokens.sum();
    }

    @Override
    public Embeddings embed(List<String> texts, EmbeddingPurpose purpose) {
        if (texts.isEmpty()) {
            return new Embeddings(modelId, dimension(), List.of());
        }
        List<TextSegment> segments = new ArrayList<>(texts.size());
        for (String text : texts) {
            segments.add(TextSegment.from(text));
        }
        Response<List<Embedding>> response = model.embedAll(segments);
        if (response.tokenUsage() != null && response.tokenUsage().inputTokenCount() != null) {
            tokens.add(response.tokenUsage().inputTokenCount() + 2L * texts.size());
        }
        List<float[]> vectors = new ArrayList<>(texts.size());
        for (Embedding embedding : response.content()) {
            vectors.add(embedding.vector());
        }
        return new Embeddings(modelId, dimension(), vectors);
    }

    @Override
    public String toString() {
        return "LangChain4jEmbedder[model=" + modelId + "]";
    }
}
