package dev.pvault.aws;

import dev.pvault.core.Lazy;
import dev.pvault.core.model.JobId;
import dev.pvault.core.model.MessageId;
import dev.pvault.core.model.UserId;
import dev.pvault.core.worker.Completion;
import dev.pvault.core.worker.ContentDigest;
import dev.pvault.core.worker.EmbeddingStore;
import dev.pvault.core.worker.JobResult;
import dev.pvault.core.worker.JobStatus;
import dev.pvault.core.worker.JobTicket;
import dev.pvault.core.worker.StoredVector;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Opens the real store on the first call: reading the database password from Secrets Manager is a network
 * call and a credential, and neither belongs in a Lambda init that SnapStart snapshots. A failed open
 * (service down) is retried on the next call.
 */
final class LazyEmbeddingStore implements EmbeddingStore, AutoCloseable {
    private final Lazy<EmbeddingStore> store;

    LazyEmbeddingStore(Supplier<? extends EmbeddingStore> opener) {
        this.store = new Lazy<>(opener::get);
    }

    private EmbeddingStore store() {
        return store.get();
    }

    @Override
    public void recordQueued(JobTicket job, Instant now) {
        store().recordQueued(job, now);
    }

    @Override
    public JobStatus startAttempt(JobTicket job, Instant now) {
        return store().startAttempt(job, now);
    }

    @Override
    public Map<MessageId, ContentDigest> digests(UserId user, String model, Collection<MessageId> ids) {
        return store().digests(user, model, ids);
    }

    @Override
    public Completion complete(JobResult result, Instant now) {
        return store().complete(result, now);
    }

    @Override
    public void recordFailure(JobId job, String reason, boolean permanent, Instant now) {
        store().recordFailure(job, reason, permanent, now);
    }

    @Override
    public Optional<JobStatus> job(JobId job) {
        return store().job(job);
    }

    @Override
    public List<StoredVector> vectors(UserId user, String model) {
        return store().vectors(user, model);
    }

    @Override
    public List<JobStatus> jobs(UserId user) {
        return store().jobs(user);
    }

    @Override
    public boolean requeue(JobId job, Instant now) {
        return store().requeue(job, now);
    }

    @Override
    public int deleteJobs(UserId user, Collection<JobId> jobs) {
        return store().deleteJobs(user, jobs);
    }

    @Override
    public void close() throws Exception {
        if (store.peek() instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }
}
