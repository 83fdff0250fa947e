package dev.pvault.service;

import dev.pvault.core.api.DeadJob;
import dev.pvault.core.api.Deletion;
import dev.pvault.core.api.JobList;
import dev.pvault.core.api.Me;
import dev.pvault.core.api.PresignedRequest;
import dev.pvault.core.api.VaultApi;
import dev.pvault.core.api.WorkerInfo;
import dev.pvault.core.crypto.JobDocument;
import dev.pvault.core.crypto.RecipientPublicKey;
import dev.pvault.core.model.BatchId;
import dev.pvault.core.model.JobId;
import dev.pvault.core.model.MessageId;
import dev.pvault.core.model.UserId;
import dev.pvault.core.worker.JobStatus;
import dev.pvault.core.worker.ResultPage;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** {@link VaultService} as one authenticated caller sees it: every call is theirs. */
record CallerApi(VaultService service, UserId caller) implements VaultApi {
    @Override
    public Me me() {
        return service.me(caller);
    }

    @Override
    public Me registerKey(RecipientPublicKey publicKey) {
        return service.registerKey(caller, publicKey);
    }

    @Override
    public WorkerInfo worker() {
        return service.worker();
    }

    @Override
    public PresignedRequest createUpload(BatchId batch, long contentLength) {
        return service.createUpload(caller, batch, contentLength);
    }

    @Override
    public JobStatus submitJob(JobDocument job, Collection<MessageId> messageIds) {
        return service.submitJob(caller, job, messageIds);
    }

    @Override
    public JobList jobs() {
        return service.jobs(caller);
    }

    @Override
    public Optional<JobStatus> job(JobId job) {
        return service.job(caller, job);
    }

    @Override
    public void recordMessageIds(JobId job, Collection<MessageId> messageIds) {
        service.recordMessageIds(caller, job, messageIds);
    }

    @Override
    public List<JobId> jobsWithoutMessageIds() {
        return service.jobsWithoutMessageIds(caller);
    }

    @Override
    public Set<MessageId> knownMessages(String model, Collection<MessageId> candidates) {
        return service.knownMessages(caller, model, candidates);
    }

    @Override
    public ResultPage results(String model, long after, int limit) {
        return service.results(caller, model, after, limit);
    }

    @Override
    public Optional<PresignedRequest> batch(BatchId batch) {
        return service.batch(caller, batch);
    }

    @Override
    public Deletion deleteBatches(Collection<BatchId> batches) {
        return service.deleteBatches(caller, batches);
    }

    @Override
    public Deletion deleteEverything() {
        return service.deleteEverything(caller);
    }

    @Override
    public List<DeadJob> deadJobs() {
        return service.deadJobs(caller);
    }

    @Override
    public int redrive() {
        return service.redrive(caller);
    }
}
