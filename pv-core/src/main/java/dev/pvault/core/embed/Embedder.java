package dev.pvault.core.embed;

import java.time.Instant;
import java.util.List;

/**
 * Turns texts into L2-normalised vectors. The port every embedding engine implements: the local ONNX
 * engine (the default, nothing leaves the worker) and, as an explicit opt-in, the OpenAI API.
 *
 * <p>Implementations are thread-safe and hold their model for their lifetime; {@link #close()} releases it.
 * A text the model cannot handle (empty, whitespace only, very long) still gets a vector: one bad message
 * never fails its batch-mates.
 */
public interface Embedder extends AutoCloseable {

    /**
     * The stable id of the model, as the CLI names it ({@code onnx:all-minilm-l6-v2}). Stored with every
     * vector and bound into its envelope: vectors of two models never mix.
     */
    String modelId();

    /** The number of floats in each vector. */
    int dimension();

    /** Embeds {@code texts} in one call; the result has one vector per text, in the same order. */
    Embeddings embed(List<String> texts, EmbeddingPurpose purpose);

    /**
     * Embeds {@code texts} as {@link #embed(List, EmbeddingPurpose)} does, finishing before {@code deadline} (a
     * job's). An engine that waits on others (a remote API that throttles) overrides it: when the answer cannot
     * come before {@code deadline} it throws {@link dev.pvault.core.worker.RetryableException}, so the job goes
     * back to its queue, and it throws {@link dev.pvault.core.worker.PoisonJobException} when the provider
     * refuses the input itself. A local engine ignores the deadline: the caller checks it between calls.
     */
    default Embeddings embed(List<String> texts, EmbeddingPurpose purpose, Instant deadline) {
        return embed(texts, purpose);
    }

    /** Embeds one search query. */
    default float[] embedQuery(String query) {
        return embed(List.of(query), EmbeddingPurpose.QUERY).vectors().getFirst();
    }

    @Override
    default void close() {}
}
