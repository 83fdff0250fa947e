package dev.pvault.embed.onnx;

import java.nio.FloatBuffer;
import java.util.Locale;

/**
 * How a model's per-token output becomes one vector, read straight from the output buffer of a session run
 * ({@code [texts, paddedLength, dimension]}, row-major, right-padded).
 */
enum Pooling {
    /**
     * The mean of the token vectors weighted by the attention mask, as sentence-transformers computes it: only
     * the text's own tokens count, never the padding.
     */
    MEAN {
        @Override
        void pool(FloatBuffer hidden, int row, int paddedLength, int tokens, int dimension, float[] out) {
            int base = row * paddedLength * dimension;
            for (int t = 0; t < tokens; t++) {
                int offset = base + t * dimension;
                for (int d = 0; d < dimension; d++) {
                    out[d] += hidden.get(offset + d);
                }
            }
            float scale = 1.0f / tokens;
            for (int d = 0; d < dimension; d++) {
                out[d] *= scale;
            }
        }
    },
    /** The vector of the first token ([CLS]), as BGE models are trained to be used. */
    CLS {
        @Override
        void pool(FloatBuffer hidden, int row, int paddedLength, int tokens, int dimension, float[] out) {
            hidden.get(row * paddedLength * dimension, out, 0, dimension);
        }
    };

    /**
     * Pools the row {@code row} of {@code hidden}, whose first {@code tokens} positions are real tokens, into
     * {@code out} (zeroed, {@code dimension} long).
     */
    abstract void pool(FloatBuffer hidden, int row, int paddedLength, int tokens, int dimension, float[] out);

    /** The name used in a model folder's configuration: {@code mean} or {@code cls}. */
    String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Pooling fromConfigName(String name) {
        for (Pooling pooling : values()) {
            if (pooling.configName().equals(name)) {
                return pooling;
            }
        }
        throw new IllegalArgumentException("unknown pooling '" + name + "' (known: mean, cls)");
    }

    /**
     * Scales {@code vector} to unit length in place, as {@code torch.nn.functional.normalize} does: the norm is
     * clamped at 1e-12, so a zero vector stays zero instead of turning into NaN.
     */
    static void normalize(float[] vector) {
        double sum = 0;
        for (float v : vector) {
            sum += (double) v * v;
        }
        float scale = (float) (1.0 / Math.max(Math.sqrt(sum), 1e-12));
        for (int i = 0; i < vector.length; i++) {
            vector[i] *= scale;
        }
    }
}
