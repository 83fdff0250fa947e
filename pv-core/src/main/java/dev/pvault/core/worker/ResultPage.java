package dev.pvault.core.worker;

import java.util.List;

/**
 * One page of a user's finished jobs, in completion order.
 *
 * @param next the cursor for the page after this one (the last job's order, or the cursor asked with)
 * @param more whether more finished jobs follow {@code next} now
 */
public record ResultPage(List<JobResults> results, long next, boolean more) {
    public ResultPage {
        results = List.copyOf(results);
    }
}
