package dev.pvault.client;

import java.util.List;

/**
 * What a search found, and what it cost.
 *
 * @param searched how many vectors were scored
 * @param batchesOpened how many sealed batches were fetched and opened to show and filter the hits
 */
public record SearchResults(String model, List<SearchHit> hits, int searched, int batchesOpened, long millis) {
    public SearchResults {
        hits = List.copyOf(hits);
    }
}
