package dev.pvault.embed.onnx;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Everything that decides a model's vectors: its files, how token vectors are pooled, whether the result is
 * normalised, where texts are truncated, and the prefixes that mark queries and passages.
 *
 * @param modelId the stable id stored with every vector ({@code onnx:all-minilm-l6-v2})
 * @param modelFile the ONNX graph, loaded by ONNX Runtime from this path (never copied into the heap)
 * @param tokenizerFile a Hugging Face {@code tokenizer.json}
 * @param maxTokens truncation, in tokens including the special ones (256 for all-MiniLM-L6-v2)
 * @param queryPrefix prepended to texts embedded as {@code QUERY} (BGE's retrieval instruction), or empty
 * @param passagePrefix prepended to texts embedded as {@code PASSAGE}, or empty
 */
record ModelSpec(
        String modelId,
        Path modelFile,
        Path tokenizerFile,
        Pooling pooling,
        boolean normalize,
        int maxTokens,
        String queryPrefix,
        String passagePrefix) {

    ModelSpec {
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(modelFile, "modelFile");
        Objects.requireNonNull(tokenizerFile, "tokenizerFile");
        Objects.requireNonNull(pooling, "pooling");
        Objects.requireNonNull(queryPrefix, "queryPrefix");
        Objects.requireNonNull(passagePrefix, "passagePrefix");
        if (maxTokens < 3) {
            throw new IllegalArgumentException("maxTokens=" + maxTokens + " for " + modelId);
        }
    }
}
