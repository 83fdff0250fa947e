package dev.pvault.client.index;

import java.util.ArrayList;
import java.util.List;

/**
 * A query as typed, split into its quoted phrases ({@code "like this"}, each must occur word for word) and all its
 * words (quotes removed), which BM25 ranks by. An unclosed quote quotes the rest. {@link #toString()} hides the text.
 */
record QueryText(String words, List<String> phrases) {
    static QueryText parse(String query) {
        List<String> phrases = new ArrayList<>();
        StringBuilder words = new StringBuilder();
        int at = 0;
        while (at < query.length()) {
            int open = query.indexOf('"', at);
            if (open < 0) {
                words.append(query, at, query.length());
                break;
            }
            words.append(query, at, open).append(' ');
            int close = query.indexOf('"', open + 1);
            String phrase = close < 0 ? query.substring(open + 1) : query.substring(open + 1, close);
            if (!phrase.isBlank()) {
                phrases.add(phrase);
            }
            words.append(phrase).append(' ');
            at = close < 0 ? query.length() : close + 1;
        }
        return new QueryText(words.toString().strip(), List.copyOf(phrases));
    }

    @Override
    public String toString() {
        return "QueryText[phrases=" + phrases.size() + ", redacted]";
    }
}
