package dev.pvault.core.embed;

/**
 * Why a text is embedded. Some models (BGE, E5) prefix queries and passages differently; for symmetric
 * models such as all-MiniLM-L6-v2 both purposes give the same vector.
 */
public enum EmbeddingPurpose {
    /** A stored message: embedded once, when its batch is processed. */
    PASSAGE,
    /** A search query: embedded alone, at search time. */
    QUERY
}
