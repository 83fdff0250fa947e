package dev.pvault.core.worker;

import dev.pvault.core.model.BatchId;
import dev.pvault.core.model.JobId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A finished job's sealed results, as a client syncs them: its place in the user's completion order, the
 * result key wrapped to the user (absent when the job stored no vector), and its sealed vectors.
 */
public record JobResults(
        JobId jobId, BatchId batchId, long order, Optional<WrappedResultKey> resultKey, List<StoredVector> vectors) {
    public JobResults {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(batchId, "batchId");
        Objects.requireNonNull(resultKey, "resultKey");
        vectors = List.copyOf(vectors);
    }

    @Override
    public String toString() {
        return "JobResults[" + jobId + ", order=" + order + ", " + vectors.size() + " vectors]";
    }
}
