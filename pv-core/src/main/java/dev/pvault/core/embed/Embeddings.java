package dev.pvault.core.embed;

import dev.pvault.core.InternalException;
import java.util.List;
import java.util.Objects;

/**
 * The vectors an {@link Embedder} produced for a batch of texts: one per text, in input order, each of
 * {@code dimension} floats and L2-normalised.
 *
 * <p>An engine that sends the texts to a provider also says what it sent: {@code tokensSent}, the tokens the
 * provider billed (what running the system costs), and {@code truncated}, how many texts were longer than the
 * model takes and were cut to its limit before embedding (each still has its vector). Local engines report 0 and
 * 0.
 *
 * <p>{@link #toString()} shows only the model and sizes: vector components are as private as the text.
 */
public record Embeddings(String modelId, int dimension, List<float[]> vectors, long tokensSent, int truncated) {
    public Embeddings {
        Objects.requireNonNull(modelId, "modelId");
        vectors = List.copyOf(vectors);
        for (int i = 0; i < vectors.size(); i++) {
            if (vectors.get(i).length != dimension) {
                throw new InternalException("embedding " + i + " of model " + modelId + " has " + vectors.get(i).length
                        + " dimensions, expected " + dimension);
            }
        }
        if (tokensSent < 0 || truncated < 0 || truncated > vectors.size()) {
            throw new InternalException("embeddings of model " + modelId + " report " + tokensSent + " tokens and "
                    + truncated + " truncated texts for " + vectors.size() + " vectors");
        }
    }

    /** Vectors from a local engine: nothing was sent anywhere, nothing truncated is reported. */
    public Embeddings(String modelId, int dimension, List<float[]> vectors) {
        this(modelId, dimension, vectors, 0, 0);
    }

    public int size() {
        return vectors.size();
    }

    @Override
    public String toString() {
        return "Embeddings[model=" + modelId + ", dimension=" + dimension + ", count=" + vectors.size()
                + ", tokensSent=" + tokensSent + ", truncated=" + truncated + "]";
    }
}
