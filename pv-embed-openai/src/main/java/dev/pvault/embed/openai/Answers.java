package dev.pvault.embed.openai;

import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.Embedding;
import com.openai.models.embeddings.EmbeddingValue;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Base64;
import java.util.List;
import java.util.OptionalLong;

/**
 * Reads one embeddings answer into vectors, trusting nothing: one vector per input, each index once, each of
 * the asked size, finite and non-zero; the vectors are L2-normalised again (OpenAI's already are; a compatible
 * server's may not be). An answer that fails any check is refused whole ({@link BadAnswer}): wrong vectors are
 * worse than none, and the request is tried again.
 */
final class Answers {
    private Answers() {}

    /** An answer that does not fit its request. The message names counts and sizes only. */
    static final class BadAnswer extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadAnswer(String message) {
            super(message, null, false, false);
        }
    }

    /** The vectors of one answer (in the request's order) and the tokens it says were billed, if it says. */
    record Answer(float[][] vectors, OptionalLong promptTokens) {}

    static Answer read(CreateEmbeddingResponse response, int inputs, int dimensions) {
        List<Embedding> data = response.data();
        if (data.size() != inputs) {
            throw new BadAnswer("answer holds " + data.size() + " embeddings for " + inputs + " inputs");
        }
        float[][] vectors = new float[inputs][];
        for (Embedding embedding : data) {
            long index = embedding.index();
            if (index < 0 || index >= inputs || vectors[(int) index] != null) {
                throw new BadAnswer("answer has index " + index + " out of range or twice (" + inputs + " inputs)");
            }
            float[] vector = decode(embedding.embeddingValue());
            if (vector.length != dimensions) {
                throw new BadAnswer(
                        "embedding " + index + " has " + vector.length + " dimensions, expected " + dimensions);
            }
            normalise(vector, index);
            vectors[(int) index] = vector;
        }
        // usage is in OpenAI's answers; a compatible server may leave it out, and then the count sent stands.
        OptionalLong tokens = response._usage()
                .asKnown()
                .map(usage -> OptionalLong.of(usage.promptTokens()))
                .orElse(OptionalLong.empty());
        return new Answer(vectors, tokens);
    }

    /** Base64 is the SDK's default encoding (little-endian float32, a quarter of the JSON text); floats also do. */
    private static float[] decode(EmbeddingValue value) {
        if (value.isBase64()) {
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(value.asBase64());
            } catch (IllegalArgumentException e) {
                throw new BadAnswer("embedding is not base64");
            }
            if (bytes.length % Float.BYTES != 0) {
                throw new BadAnswer("base64 embedding of " + bytes.length + " bytes is not whole floats");
            }
            FloatBuffer floats =
                    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
            float[] vector = new float[floats.remaining()];
            floats.get(vector);
            return vector;
        }
        List<Float> list = value.asFloats();
        float[] vector = new float[list.size()];
        for (int i = 0; i < vector.length; i++) {
            vector[i] = list.get(i);
        }
        return vector;
    }

    private static void normalise(float[] vector, long index) {
        double sum = 0;
        for (float x : vector) {
            sum += (double) x * x;
        }
        if (!(sum > 0) || !Double.isFinite(sum)) {
            throw new BadAnswer("embedding " + index + " is zero or not finite");
        }
        float scale = (float) (1 / Math.sqrt(sum));
        for (int i = 0; i < vector.length; i++) {
            vector[i] *= scale;
        }
    }
}
