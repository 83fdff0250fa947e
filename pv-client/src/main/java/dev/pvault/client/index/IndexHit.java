package dev.pvault.client.index;

import dev.pvault.core.model.ChatMessage;
import dev.pvault.core.model.JobId;
import java.util.Locale;

/**
 * One search result: its rank (1 first), the score it was ranked by (the fused score in hybrid mode), the opened
 * message and its job, and the two scores behind it: the exact cosine with the query vector (NaN in keyword mode) and
 * the BM25 score (0 where the message was not among the keyword hits). {@link #toString()} hides the content.
 */
public record IndexHit(int rank, double score, ChatMessage message, JobId job, double cosine, double bm25) {
    @Override
    public String toString() {
        return String.format(
                Locale.ROOT,
                "IndexHit[rank=%d, score=%.4f, id=%s, cosine=%.4f, bm25=%.3f, content redacted]",
                rank,
                score,
                message.id(),
                cosine,
                bm25);
    }
}
