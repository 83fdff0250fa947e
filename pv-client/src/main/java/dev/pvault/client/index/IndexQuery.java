package dev.pvault.client.index;

import dev.pvault.core.UserException;
import java.util.Objects;

/**
 * One search: the query as typed (quoted phrases must occur word for word, in every mode), its vector (the query
 * embedded with {@code EmbeddingPurpose.QUERY}; not needed in keyword mode), how many hits, the mode, the filter and
 * the ranking settings. {@link #toString()} hides the query.
 */
public record IndexQuery(String text, float[] vector, int k, SearchMode mode, IndexFilter filter, Ranking ranking) {
    public static final int MAX_K = 1000;

    public IndexQuery {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(mode, "mode");
        filter = filter == null ? IndexFilter.NONE : filter;
        ranking = ranking == null ? Ranking.DEFAULT : ranking;
        if (k < 1 || k > MAX_K) {
            throw new UserException("-k is 1.." + MAX_K + ", got " + k);
        }
        if (vector == null && mode != SearchMode.KEYWORD) {
            throw new UserException("a " + mode.label() + " search needs the query's vector");
        }
    }

    public static IndexQuery of(String text, float[] vector, int k, SearchMode mode) {
        return new IndexQuery(text, vector, k, mode, IndexFilter.NONE, Ranking.DEFAULT);
    }

    public IndexQuery with(IndexFilter newFilter) {
        return new IndexQuery(text, vector, k, mode, newFilter, ranking);
    }

    public IndexQuery with(Ranking newRanking) {
        return new IndexQuery(text, vector, k, mode, filter, newRanking);
    }

    public IndexQuery with(SearchMode newMode) {
        return new IndexQuery(text, vector, k, newMode, filter, ranking);
    }

    @Override
    public String toString() {
        return "IndexQuery[k=" + k + ", mode=" + mode.label() + ", " + filter + ", query redacted]";
    }
}
