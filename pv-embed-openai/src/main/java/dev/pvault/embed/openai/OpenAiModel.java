package dev.pvault.embed.openai;

import dev.pvault.core.UserException;
import java.util.Map;
import java.util.TreeMap;

/**
 * An OpenAI embedding model and the vector size asked of it, parsed from an embedder spec.
 *
 * <p>Spec syntax: {@code openai:MODEL} for the model's own size, or {@code openai:MODEL@DIMENSIONS} for a
 * shortened vector (the API's {@code dimensions} parameter), for example {@code openai:text-embedding-3-small}
 * (1,536 floats) and {@code openai:text-embedding-3-large@1024}. {@code @} was chosen over a query string
 * ({@code ?dimensions=}) because the spec is also the model id stored with every vector, and an id should read
 * as a name, not a URL.
 *
 * <p>The model id always carries the size ({@code openai:text-embedding-3-small@1536}), whichever way the spec
 * was written: vectors of one model shortened to two sizes are different models to search, and an id that
 * names the size cannot be mistaken for the other.
 *
 * @param name the API's model name ({@code text-embedding-3-small})
 * @param dimensions the floats in each vector, at most the model's own size
 */
public record OpenAiModel(String name, int dimensions) {
    static final String PREFIX = "openai:";

    /** The models this embedder knows, with their own vector sizes (OpenAI's embeddings guide). */
    private static final Map<String, Integer> NATIVE_DIMENSIONS =
            new TreeMap<>(Map.of("text-embedding-3-small", 1536, "text-embedding-3-large", 3072));

    public OpenAiModel {
        Integer max = NATIVE_DIMENSIONS.get(name);
        if (max == null) {
            throw new UserException(
                    "unknown OpenAI embedding model \"" + name + "\" (known: " + NATIVE_DIMENSIONS.keySet() + ")");
        }
        if (dimensions < 1 || dimensions > max) {
            throw new UserException(
                    "model " + name + " makes vectors of 1 to " + max + " dimensions, not " + dimensions);
        }
    }

    /** Whether {@code spec} names an OpenAI model ({@code openai:...}); says nothing of its validity. */
    public static boolean accepts(String spec) {
        return spec != null && spec.startsWith(PREFIX);
    }

    /** Parses {@code openai:MODEL[@DIMENSIONS]}; a {@link UserException} says what is wrong with it. */
    public static OpenAiModel parse(String spec) {
        if (!accepts(spec)) {
            throw new UserException(
                    "not an OpenAI embedder spec: \"" + spec + "\" (expected openai:MODEL[@DIMENSIONS])");
        }
        String rest = spec.substring(PREFIX.length());
        int at = rest.indexOf('@');
        String name = at < 0 ? rest : rest.substring(0, at);
        if (!NATIVE_DIMENSIONS.containsKey(name)) {
            return new OpenAiModel(name, 0); // reports the unknown model
        }
        if (at < 0) {
            return new OpenAiModel(name, NATIVE_DIMENSIONS.get(name));
        }
        String size = rest.substring(at + 1);
        try {
            return new OpenAiModel(name, Integer.parseInt(size));
        } catch (NumberFormatException e) {
            throw new UserException("\"" + size + "\" in \"" + spec + "\" is not a number of dimensions");
        }
    }

    /** The id stored with every vector: {@code openai:MODEL@DIMENSIONS}. */
    public String modelId() {
        return PREFIX + name + "@" + dimensions;
    }

    /** Whether the API must be asked for fewer dimensions than the model's own (the {@code dimensions} field). */
    boolean shortened() {
        return dimensions != NATIVE_DIMENSIONS.get(name);
    }
}
