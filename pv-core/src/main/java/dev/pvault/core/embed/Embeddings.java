package dev.pvault.core.embed;

import dev.pvault.core.InternalException;
import java.util.List;
import java.util.Objects;

/**
 * The vectors an {@link Embedder} produced for a batch of texts: one per text, in input order, each of
 * {@code dimension} floats and L2-normalised.
 *
 * <p>{@link #toString()} shows only the model and sizes: vector components are as private as the text.
 */
public record Embeddings(String modelId, int dimension, List<float[]> vectors) {
    public Embeddings {
        Objects.requireNonNull(modelId, "modelId");
        vectors = List.copyOf(vectors);
        for (int i = 0; i < vectors.size(); i++) {
            if (vectors.get(i).length != dimension) {
                throw new InternalException("embedding " + i + " of model " + modelId + " has " + vectors.get(i).length
                        + " dimensions, expected " + dimension);
            }
        }
    }

    public int size() {
        return vectors.size();
    }

    @Override
    public String toString() {
        return "Embeddings[model=" + modelId + ", dimension=" + dimension + ", count=" + vectors.size() + "]";
    }
}
