package dev.pvault.client;

import java.time.LocalDateTime;

/** One search result, opened on this device. {@link #toString()} hides the content. */
public record SearchHit(int rank, double score, String chat, String sender, LocalDateTime time, String text) {
    @Override
    public String toString() {
        return "SearchHit[rank=" + rank + ", score=" + String.format(java.util.Locale.ROOT, "%.4f", score)
                + ", content redacted]";
    }
}
