package dev.pvault.embed.onnx;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pvault.core.UserException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A model folder a user brings ({@code --embedder onnx:/path/to/folder}), for example a multilingual model. It
 * holds three files:
 *
 * <ul>
 *   <li>{@code model.onnx}: a transformer exported to ONNX with inputs {@code input_ids}, {@code attention_mask}
 *       and optionally {@code token_type_ids}, and a per-token output {@code [batch, tokens, dimension]};
 *   <li>{@code tokenizer.json}: its Hugging Face fast tokenizer;
 *   <li>{@code embedder.json}: how to turn token vectors into one vector, for example:
 *       <pre>{@code
 * {"name": "multilingual-e5-small", "pooling": "mean", "normalize": true, "max_tokens": 512,
 *  "query_prefix": "query: ", "passage_prefix": "passage: "}
 * }</pre>
 *       {@code name} (lower-case letters, digits, {@code . _ -}) and {@code max_tokens} are required;
 *       {@code pooling} is {@code mean} (default) or {@code cls}, {@code normalize} defaults to true, the
 *       prefixes to none. Unknown keys are an error, so a typo cannot silently change the vectors.
 * </ul>
 *
 * <p>The model id is {@code onnx:NAME@FINGERPRINT}, where the fingerprint is the first 12 hex digits of a
 * SHA-256 over the three files' content. It is stored with every vector: moving the folder keeps the id, and
 * changing any file (new weights, another tokenizer, another prefix) gives new vectors a new id, so vectors of
 * two models never mix.
 */
final class LocalModel {
    static final String MODEL_FILE = "model.onnx";
    static final String TOKENIZER_FILE = "tokenizer.json";
    static final String CONFIG_FILE = "embedder.json";

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Set<String> KEYS =
            Set.of("name", "pooling", "normalize", "max_tokens", "query_prefix", "passage_prefix");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The parsed {@code embedder.json}. */
    record Config(
            String name, Pooling pooling, boolean normalize, int maxTokens, String queryPrefix, String passagePrefix) {}

    private LocalModel() {}

    /** Reads and checks a model folder; the model id covers the content of all three files. */
    static ModelSpec open(Path dir, ModelCache cache) {
        Path folder = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(folder)) {
            throw new UserException("model folder " + folder + " does not exist");
        }
        Path model = requireFile(folder, MODEL_FILE);
        Path tokenizer = requireFile(folder, TOKENIZER_FILE);
        Path configFile = requireFile(folder, CONFIG_FILE);
        byte[] configBytes;
        byte[] tokenizerBytes;
        try {
            configBytes = Files.readAllBytes(configFile);
            tokenizerBytes = Files.readAllBytes(tokenizer);
        } catch (IOException e) {
            throw new UserException("cannot read model folder " + folder + ": " + e, e);
        }
        Config config;
        try {
            config = parseConfig(new String(configBytes, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new UserException(configFile + ": " + e.getMessage(), e);
        }
        String fingerprint =
                fingerprint(cache.digestOf(model), ModelCache.sha256(tokenizerBytes), ModelCache.sha256(configBytes));
        return new ModelSpec(
                OnnxEmbedders.PREFIX + config.name() + "@" + fingerprint,
                model,
                tokenizer,
                config.pooling(),
                config.normalize(),
                config.maxTokens(),
                config.queryPrefix(),
                config.passagePrefix());
    }

    /** Parses {@code embedder.json}; the message of the exception names the offending key. */
    static Config parseConfig(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "not valid JSON (line " + e.getLocation().getLineNr() + ")");
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("expected a JSON object");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String key = names.next();
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException(
                        "unknown key '" + key + "' (known: " + String.join(", ", KEYS) + ")");
            }
        }
        String name = text(root, "name", null);
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "'name' must be 1 to 64 of a-z 0-9 . _ - (it becomes part of the model id)");
        }
        JsonNode maxTokens = root.get("max_tokens");
        if (maxTokens == null || !maxTokens.isInt() || maxTokens.intValue() < 3 || maxTokens.intValue() > 8192) {
            throw new IllegalArgumentException("'max_tokens' must be an integer from 3 to 8192");
        }
        Pooling pooling = Pooling.fromConfigName(text(root, "pooling", "mean"));
        JsonNode normalize = root.get("normalize");
        if (normalize != null && !normalize.isBoolean()) {
            throw new IllegalArgumentException("'normalize' must be true or false");
        }
        return new Config(
                name,
                pooling,
                normalize == null || normalize.booleanValue(),
                maxTokens.intValue(),
                text(root, "query_prefix", ""),
                text(root, "passage_prefix", ""));
    }

    /** The first 12 hex digits of a SHA-256 over the three files' digests. */
    static String fingerprint(String modelSha256, String tokenizerSha256, String configSha256) {
        String all = modelSha256 + "\n" + tokenizerSha256 + "\n" + configSha256;
        return ModelCache.sha256(all.getBytes(StandardCharsets.US_ASCII)).substring(0, 12);
    }

    private static String text(JsonNode root, String key, String fallback) {
        JsonNode node = root.get(key);
        if (node == null) {
            return fallback;
        }
        if (!node.isTextual()) {
            throw new IllegalArgumentException("'" + key + "' must be a string");
        }
        return node.textValue();
    }

    private static Path requireFile(Path folder, String name) {
        Path file = folder.resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new UserException("model folder " + folder + " has no " + name
                    + " (it needs model.onnx, tokenizer.json and embedder.json)");
        }
        return file;
    }
}
