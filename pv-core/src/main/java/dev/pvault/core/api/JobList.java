package dev.pvault.core.api;

import dev.pvault.core.model.JobId;
import dev.pvault.core.worker.JobStatus;
import java.util.List;
import java.util.Set;

/** The caller's jobs, oldest first, and the ids of those now in the dead-letter queue. */
public record JobList(List<JobStatus> jobs, Set<JobId> dead) {
    public JobList {
        jobs = List.copyOf(jobs);
        dead = Set.copyOf(dead);
    }
}
