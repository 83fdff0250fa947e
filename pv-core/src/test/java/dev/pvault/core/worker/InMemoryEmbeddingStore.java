package dev.pvault.core.worker;

import dev.pvault.core.crypto.RecipientPublicKey;
import dev.pvault.core.model.JobId;
import dev.pvault.core.model.MessageId;
import dev.pvault.core.model.UserId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * An {@link EmbeddingStore} in maps, for tests of the pipeline. It passes {@link EmbeddingStoreContract},
 * the same test PostgreSQL passes, so it cannot be looser than the real store unnoticed. {@link
 * #failNextCalls} makes it behave like a database that is down.
 */
public final class InMemoryEmbeddingStore implements EmbeddingStore {
    private record VectorKey(UserId user, String model, MessageId message) {}

    private record Row(NewVector vector, JobId job) {}

    private final Map<JobId, JobStatus> jobs = new HashMap<>();
    private final Map<VectorKey, Row> vectors = new HashMap<>();
    private final Map<JobId, Set<MessageId>> messageIds = new HashMap<>();
    private final Map<JobId, Long> completionOrder = new HashMap<>();
    private final Map<UserId, RecipientPublicKey> publicKeys = new HashMap<>();
    private long lastOrder;
    private int failures;
    private int completeFailures;

    /** The next {@code count} calls throw {@link RetryableException}, as a store that is down would. */
    public synchronized void failNextCalls(int count) {
        failures = count;
    }

    @Override
    public synchronized void recordQueued(JobTicket job, Instant now) {
        failIfAsked();
        jobs.putIfAbsent(
                job.jobId(),
                new JobStatus(job, JobState.QUEUED, 0, JobCounts.NONE, Optional.empty(), Optional.empty(), now, now));
    }

    @Override
    public synchronized Optional<RecipientPublicKey> publicKey(UserId user) {
        failIfAsked();
        return Optional.ofNullable(publicKeys.get(user));
    }

    @Override
    public synchronized void registerPublicKey(UserId user, RecipientPublicKey key, Instant now) {
        failIfAsked();
        publicKeys.put(user, key);
    }

    @Override
    public synchronized void recordMessageIds(JobId job, Collection<MessageId> ids) {
        failIfAsked();
        if (jobs.containsKey(job)) {
            messageIds.computeIfAbsent(job, id -> new HashSet<>()).addAll(ids);
        }
    }

    @Override
    public synchronized Set<MessageId> knownMessageIds(UserId user, String model, Collection<MessageId> candidates) {
        failIfAsked();
        Set<MessageId> known = new HashSet<>();
        messageIds.forEach((job, ids) -> {
            JobStatus status = jobs.get(job);
            if (live(status, user) && status.ticket().model().equals(model)) {
                candidates.stream().filter(ids::contains).forEach(known::add);
            }
        });
        return known;
    }

    @Override
    public synchronized List<JobId> jobsWithoutMessageIds(UserId user) {
        failIfAsked();
        return jobs(user).stream()
                .filter(job -> live(job, user))
                .map(job -> job.ticket().jobId())
                .filter(id -> messageIds.getOrDefault(id, Set.of()).isEmpty())
                .toList();
    }

    private static boolean live(JobStatus job, UserId user) {
        return job != null && job.ticket().userId().equals(user) && job.state() != JobState.FAILED;
    }

    @Override
    public synchronized JobStatus startAttempt(JobTicket job, Instant now) {
        failIfAsked();
        JobStatus current = jobs.get(job.jobId());
        if (current == null) {
            current = new JobStatus(
                    job, JobState.QUEUED, 0, JobCounts.NONE, Optional.empty(), Optional.empty(), now, now);
        } else if (current.state() == JobState.DONE || !current.ticket().equals(job)) {
            return current;
        }
        JobStatus running = new JobStatus(
                job,
                JobState.RUNNING,
                current.attempts() + 1,
                current.counts(),
                current.resultKey(),
                current.errorReason(),
                current.createdAt(),
                now);
        jobs.put(job.jobId(), running);
        return running;
    }

    @Override
    public synchronized Set<MessageId> storedIds(UserId user, String model, Collection<MessageId> ids) {
        failIfAsked();
        Set<MessageId> found = new HashSet<>();
        for (MessageId id : ids) {
            if (vectors.containsKey(new VectorKey(user, model, id))) {
                found.add(id);
            }
        }
        return found;
    }

    /** The next {@code count} calls of {@link #complete} fail as a store that goes down mid-commit would. */
    public synchronized void failNextCompletes(int count) {
        completeFailures = count;
    }

    @Override
    public synchronized Completion complete(JobResult result, Instant now) {
        if (completeFailures > 0) {
            completeFailures--;
            throw new RetryableException("connection lost during commit (injected)");
        }
        failIfAsked();
        JobTicket ticket = result.ticket();
        JobStatus current = jobs.get(ticket.jobId());
        if (current == null) {
            throw new IllegalStateException("job " + ticket.jobId() + " was never started");
        }
        if (current.state() == JobState.DONE) {
            return new Completion(false, 0, List.of(), current);
        }
        int written = 0;
        List<MessageId> raced = new ArrayList<>();
        for (NewVector vector : result.vectors()) {
            VectorKey key = new VectorKey(ticket.userId(), ticket.model(), vector.messageId());
            Row existing = vectors.putIfAbsent(key, new Row(vector, ticket.jobId()));
            if (existing == null) {
                written++;
            } else {
                raced.add(vector.messageId());
            }
        }
        JobCounts counts = new JobCounts(written, result.alreadyPresent() + raced.size(), result.skipped());
        JobStatus done = new JobStatus(
                ticket,
                JobState.DONE,
                current.attempts(),
                counts,
                written > 0 ? result.resultKey() : Optional.empty(),
                Optional.empty(),
                current.createdAt(),
                now);
        jobs.put(ticket.jobId(), done);
        completionOrder.put(ticket.jobId(), ++lastOrder);
        return new Completion(true, written, raced, done);
    }

    @Override
    public synchronized ResultPage results(UserId user, String model, long after, int limit) {
        failIfAsked();
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1, got " + limit);
        }
        List<JobResults> finished = completionOrder.entrySet().stream()
                .filter(entry -> entry.getValue() > after)
                .filter(entry -> jobs.containsKey(entry.getKey()))
                .filter(entry -> jobs.get(entry.getKey()).ticket().userId().equals(user)
                        && jobs.get(entry.getKey()).ticket().model().equals(model))
                .sorted(Map.Entry.comparingByValue())
                .map(entry -> {
                    JobStatus job = jobs.get(entry.getKey());
                    List<StoredVector> sealed = vectors.entrySet().stream()
                            .filter(v -> v.getValue().job().equals(entry.getKey()))
                            .map(v -> new StoredVector(
                                    v.getKey().message(),
                                    entry.getKey(),
                                    v.getValue().vector().sealed()))
                            .sorted(Comparator.comparing(StoredVector::messageId))
                            .toList();
                    return new JobResults(
                            entry.getKey(), job.ticket().batchId(), entry.getValue(), job.resultKey(), sealed);
                })
                .toList();
        List<JobResults> page = finished.subList(0, Math.min(limit, finished.size()));
        return new ResultPage(page, page.isEmpty() ? after : page.getLast().order(), finished.size() > limit);
    }

    @Override
    public synchronized void recordFailure(JobId job, String reason, boolean permanent, Instant now) {
        failIfAsked();
        JobStatus current = jobs.get(job);
        if (current == null || current.state() == JobState.DONE) {
            return;
        }
        String cut = reason.length() > MAX_REASON_LENGTH ? reason.substring(0, MAX_REASON_LENGTH) : reason;
        jobs.put(
                job,
                new JobStatus(
                        current.ticket(),
                        permanent ? JobState.FAILED : JobState.QUEUED,
                        current.attempts(),
                        current.counts(),
                        current.resultKey(),
                        Optional.of(cut),
                        current.createdAt(),
                        now));
    }

    @Override
    public synchronized Optional<JobStatus> job(JobId job) {
        failIfAsked();
        return Optional.ofNullable(jobs.get(job));
    }

    @Override
    public synchronized List<StoredVector> vectors(UserId user, String model) {
        failIfAsked();
        TreeMap<MessageId, StoredVector> sorted = new TreeMap<>(Comparator.naturalOrder());
        vectors.forEach((key, row) -> {
            if (key.user().equals(user) && key.model().equals(model)) {
                sorted.put(
                        key.message(),
                        new StoredVector(key.message(), row.job(), row.vector().sealed()));
            }
        });
        return List.copyOf(sorted.values());
    }

    @Override
    public synchronized List<JobStatus> jobs(UserId user) {
        failIfAsked();
        return jobs.values().stream()
                .filter(status -> status.ticket().userId().equals(user))
                .sorted(Comparator.comparing(JobStatus::createdAt)
                        .thenComparing(status -> status.ticket().jobId().value()))
                .toList();
    }

    @Override
    public synchronized boolean requeue(JobId job, Instant now) {
        failIfAsked();
        JobStatus current = jobs.get(job);
        if (current == null || current.state() != JobState.FAILED) {
            return false;
        }
        jobs.put(
                job,
                new JobStatus(
                        current.ticket(),
                        JobState.QUEUED,
                        current.attempts(),
                        current.counts(),
                        current.resultKey(),
                        Optional.empty(),
                        current.createdAt(),
                        now));
        return true;
    }

    @Override
    public synchronized int deleteJobs(UserId user, Collection<JobId> doomed) {
        failIfAsked();
        List<JobId> owned = doomed.stream()
                .filter(id ->
                        jobs.containsKey(id) && jobs.get(id).ticket().userId().equals(user))
                .toList();
        int before = vectors.size();
        vectors.entrySet()
                .removeIf(entry -> entry.getKey().user().equals(user)
                        && owned.contains(entry.getValue().job()));
        owned.forEach(jobs::remove);
        owned.forEach(messageIds::remove);
        return before - vectors.size();
    }

    private void failIfAsked() {
        if (failures > 0) {
            failures--;
            throw new RetryableException("in-memory store is down (failure injected by the test)");
        }
    }
}
