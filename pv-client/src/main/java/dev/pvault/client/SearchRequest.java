package dev.pvault.client;

import dev.pvault.core.UserException;
import dev.pvault.core.model.ChatMessage;
import java.time.LocalDateTime;
import java.util.Locale;
import java.util.Objects;

/**
 * A search: the query, how many hits, and optional filters. {@code chat} and {@code sender} match
 * case-insensitively anywhere in the name; {@code after} is inclusive and {@code before} exclusive, both
 * in the export's local time.
 */
public record SearchRequest(
        String query, int k, String chat, String sender, LocalDateTime after, LocalDateTime before) {
    public static final int MAX_K = 1000;

    public SearchRequest {
        Objects.requireNonNull(query, "query");
        if (query.isBlank()) {
            throw new UserException("the search query is empty");
        }
        if (k < 1 || k > MAX_K) {
            throw new UserException("-k is 1.." + MAX_K + ", got " + k);
        }
        if (after != null && before != null && !after.isBefore(before)) {
            throw new UserException("--after must be before --before");
        }
    }

    public static SearchRequest of(String query, int k) {
        return new SearchRequest(query, k, null, null, null, null);
    }

    boolean hasFilters() {
        return chat != null || sender != null || after != null || before != null;
    }

    boolean accepts(ChatMessage message) {
        return contains(message.chat(), chat)
                && contains(message.sender(), sender)
                && (after == null || !message.time().isBefore(after))
                && (before == null || message.time().isBefore(before));
    }

    private static boolean contains(String value, String wanted) {
        return wanted == null || value.toLowerCase(Locale.ROOT).contains(wanted.toLowerCase(Locale.ROOT));
    }

    /** The query is what the user typed: it stays out of logs. */
    @Override
    public String toString() {
        return "SearchRequest[k=" + k + ", filters=" + hasFilters() + ", query redacted]";
    }
}
