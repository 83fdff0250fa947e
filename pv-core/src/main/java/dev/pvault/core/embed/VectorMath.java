package dev.pvault.core.embed;

import dev.pvault.core.InternalException;

/** The vector arithmetic search and the benchmarks share, written once. */
public final class VectorMath {
    private VectorMath() {}

    /**
     * The cosine similarity of {@code a} and {@code b}, summed in double precision; 0 when either is the zero
     * vector.
     *
     * @throws InternalException when they differ in dimension (vectors of two models, or a damaged one)
     */
    public static double cosine(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new InternalException("vectors differ in dimension: " + a.length + " and " + b.length);
        }
        double dot = 0;
        double normA = 0;
        double normB = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            normA += (double) a[i] * a[i];
            normB += (double) b[i] * b[i];
        }
        return normA == 0 || normB == 0 ? 0 : dot / Math.sqrt(normA * normB);
    }
}
