package dev.pvault.bench.retrieval;

import java.util.Collection;
import java.util.List;

/** Recall@k and nDCG@k with binary relevance, the figures the issue reports. */
final class RetrievalMetrics {
    private RetrievalMetrics() {}

    /** The share of {@code relevant} found in the first {@code k} of {@code ranked}. */
    static double recall(List<Integer> ranked, Collection<Integer> relevant, int k) {
        long found = ranked.stream().limit(k).filter(relevant::contains).count();
        return (double) found / relevant.size();
    }

    /** DCG of the first {@code k} (gain 1 per relevant hit, discount log2(rank + 1)) over the ideal DCG. */
    static double ndcg(List<Integer> ranked, Collection<Integer> relevant, int k) {
        double dcg = 0;
        for (int i = 0; i < Math.min(k, ranked.size()); i++) {
            if (relevant.contains(ranked.get(i))) {
                dcg += 1 / log2(i + 2);
            }
        }
        double ideal = 0;
        for (int i = 0; i < Math.min(k, relevant.size()); i++) {
            ideal += 1 / log2(i + 2);
        }
        return dcg / ideal;
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
