package dev.pvault.core.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pvault.core.crypto.RecipientPublicKey;
import dev.pvault.core.model.BatchId;
import dev.pvault.core.model.JobId;
import dev.pvault.core.model.MessageId;
import dev.pvault.core.model.UserId;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link EmbeddingStore} adapter passes: extend it, return the adapter from {@link
 * #store()}. Tests use fresh random ids, so adapters may share one database between tests.
 */
public abstract class EmbeddingStoreContract {
    protected static final String MODEL = "test:hash-64";
    private static final Instant T0 = Instant.parse("2025-01-02T03:04:05.123456Z");

    private final Random random = new Random(42);

    /** The adapter under test. */
    protected abstract EmbeddingStore store();

    private final UserId user = UserId.random();

    private JobTicket ticket(int messageCount) {
        return new JobTicket(JobId.random(), user, BatchId.random(), MODEL, messageCount);
    }

    private MessageId messageId() {
        byte[] bytes = new byte[MessageId.LENGTH];
        random.nextBytes(bytes);
        return MessageId.of(bytes);
    }

    private NewVector vector(MessageId id, int seed) {
        byte[] sealed = new byte[3 + 12 + 64 * 4 + 16];
        new Random(seed).nextBytes(sealed);
        return new NewVector(id, sealed);
    }

    private static WrappedResultKey resultKey(int seed) {
        byte[] bytes = new byte[89];
        new Random(seed).nextBytes(bytes);
        return WrappedResultKey.of(bytes);
    }

    private JobResult result(JobTicket ticket, List<NewVector> vectors) {
        return new JobResult(ticket, vectors, vectors.isEmpty() ? Optional.empty() : Optional.of(resultKey(7)), 0, 0);
    }

    @Test
    void recordQueued_createsAQueuedJob() {
        JobTicket job = ticket(3);
        store().recordQueued(job, T0);

        JobStatus status = store().job(job.jobId()).orElseThrow();
        assertThat(status.ticket()).isEqualTo(job);
        assertThat(status.state()).isEqualTo(JobState.QUEUED);
        assertThat(status.attempts()).isZero();
        assertThat(status.counts()).isEqualTo(JobCounts.NONE);
        assertThat(status.resultKey()).isEmpty();
        assertThat(status.errorReason()).isEmpty();
        assertThat(status.createdAt()).isEqualTo(T0);
        assertThat(status.updatedAt()).isEqualTo(T0);
    }

    @Test
    void recordQueued_leavesAKnownJobAsItIs() {
        JobTicket job = ticket(3);
        store().startAttempt(job, T0);
        store().recordQueued(job, T0.plusSeconds(5));

        JobStatus status = store().job(job.jobId()).orElseThrow();
        assertThat(status.state()).isEqualTo(JobState.RUNNING);
        assertThat(status.attempts()).isEqualTo(1);
    }

    @Test
    void job_isEmptyForAnUnknownJob() {
        assertThat(store().job(JobId.random())).isEmpty();
    }

    @Test
    void startAttempt_countsAttemptsAndMarksTheJobRunning() {
        JobTicket job = ticket(3);
        store().recordQueued(job, T0);
        JobStatus first = store().startAttempt(job, T0.plusSeconds(1));
        JobStatus second = store().startAttempt(job, T0.plusSeconds(2));

        assertThat(first.state()).isEqualTo(JobState.RUNNING);
        assertThat(first.attempts()).isEqualTo(1);
        assertThat(second.attempts()).isEqualTo(2);
        assertThat(second.createdAt()).isEqualTo(T0);
        assertThat(second.updatedAt()).isEqualTo(T0.plusSeconds(2));
        assertThat(store().job(job.jobId())).contains(second);
    }

    @Test
    void startAttempt_createsTheRowWhenTheClientRecordedNone() {
        JobTicket job = ticket(3);
        JobStatus status = store().startAttempt(job, T0);

        assertThat(status.ticket()).isEqualTo(job);
        assertThat(status.state()).isEqualTo(JobState.RUNNING);
        assertThat(status.attempts()).isEqualTo(1);
        assertThat(status.createdAt()).isEqualTo(T0);
    }

    @Test
    void startAttempt_leavesADoneJobUnchanged() {
        JobTicket job = ticket(1);
        store().startAttempt(job, T0);
        store().complete(result(job, List.of(vector(messageId(), 1))), T0.plusSeconds(1));

        JobStatus again = store().startAttempt(job, T0.plusSeconds(9));
        assertThat(again.state()).isEqualTo(JobState.DONE);
        assertThat(again.attempts()).isEqualTo(1);
        assertThat(again.updatedAt()).isEqualTo(T0.plusSeconds(1));
    }

    @Test
    void startAttempt_returnsTheRecordedJobWhenItsIdBelongsToAnotherTicket() {
        JobTicket job = ticket(3);
        store().startAttempt(job, T0);
        JobTicket impostor = new JobTicket(job.jobId(), UserId.random(), BatchId.random(), MODEL, 3);

        JobStatus status = store().startAttempt(impostor, T0.plusSeconds(1));
        assertThat(status.ticket()).isEqualTo(job);
        assertThat(status.attempts()).isEqualTo(1);
    }

    @Test
    void complete_storesVectorsKeyAndCountsAndMarksTheJobDone() {
        JobTicket job = ticket(4);
        store().startAttempt(job, T0);
        List<NewVector> vectors = List.of(vector(messageId(), 1), vector(messageId(), 2), vector(messageId(), 3));
        JobResult result = new JobResult(job, vectors, Optional.of(resultKey(7)), 0, 1);

        Completion completion = store().complete(result, T0.plusSeconds(1));

        assertThat(completion.applied()).isTrue();
        assertThat(completion.written()).isEqualTo(3);
        assertThat(completion.raced()).isEmpty();
        JobStatus status = store().job(job.jobId()).orElseThrow();
        assertThat(completion.status()).isEqualTo(status);
        assertThat(status.state()).isEqualTo(JobState.DONE);
        assertThat(status.counts()).isEqualTo(new JobCounts(3, 0, 1));
        assertThat(status.resultKey()).contains(resultKey(7));
        assertThat(status.updatedAt()).isEqualTo(T0.plusSeconds(1));

        List<StoredVector> stored = store().vectors(user, MODEL);
        assertThat(stored)
                .extracting(StoredVector::messageId)
                .containsExactlyElementsOf(
                        vectors.stream().map(NewVector::messageId).sorted().toList());
        for (StoredVector s : stored) {
            NewVector original = vectors.stream()
                    .filter(v -> v.messageId().equals(s.messageId()))
                    .findFirst()
                    .orElseThrow();
            assertThat(s.sealed()).isEqualTo(original.sealed());
            assertThat(s.jobId()).isEqualTo(job.jobId());
        }
    }

    @Test
    void complete_clearsTheReasonOfAnEarlierFailedAttempt() {
        JobTicket job = ticket(1);
        store().startAttempt(job, T0);
        store().recordFailure(job.jobId(), "database busy", false, T0.plusSeconds(1));
        store().startAttempt(job, T0.plusSeconds(2));
        store().complete(result(job, List.of(vector(messageId(), 1))), T0.plusSeconds(3));

        JobStatus status = store().job(job.jobId()).orElseThrow();
        assertThat(status.errorReason()).isEmpty();
        assertThat(status.attempts()).isEqualTo(2);
    }

    @Test
    void complete_withoutVectorsMarksTheJobDoneWithoutAKey() {
        JobTicket job = ticket(2);
        store().startAttempt(job, T0);
        Completion completion = store().complete(new JobResult(job, List.of(), Optional.empty(), 2, 0), T0);

        assertThat(completion.applied()).isTrue();
        assertThat(completion.status().state()).isEqualTo(JobState.DONE);
        assertThat(completion.status().resultKey()).isEmpty();
        assertThat(completion.status().counts()).isEqualTo(new JobCounts(0, 2, 0));
    }

    @Test
    void complete_onADoneJobWritesNothing() {
        JobTicket job = ticket(1);
        store().startAttempt(job, T0);
        MessageId id = messageId();
        store().complete(result(job, List.of(vector(id, 1))), T0.plusSeconds(1));
        JobStatus done = store().job(job.jobId()).orElseThrow();

        JobResult second = new JobResult(job, List.of(vector(messageId(), 2)), Optional.of(resultKey(8)), 0, 0);
        Completion completion = store().complete(second, T0.plusSeconds(2));

        assertThat(completion.applied()).isFalse();
        assertThat(completion.written()).isZero();
        assertThat(completion.status()).isEqualTo(done);
        assertThat(store().job(job.jobId())).contains(done);
        assertThat(store().vectors(user, MODEL))
                .extracting(StoredVector::messageId)
                .containsExactly(id);
    }

    @Test
    void complete_neverReplacesAVectorAnotherJobStored() {
        MessageId shared = messageId();
        JobTicket first = ticket(1);
        store().startAttempt(first, T0);
        store().complete(result(first, List.of(vector(shared, 1))), T0);

        JobTicket second = ticket(2);
        store().startAttempt(second, T0);
        NewVector again = new NewVector(shared, new byte[] {9, 9, 9});
        MessageId fresh = messageId();
        Completion completion = store().complete(result(second, List.of(again, vector(fresh, 5))), T0);

        assertThat(completion.written()).isEqualTo(1);
        assertThat(completion.raced()).containsExactly(shared);
        assertThat(completion.status().counts()).isEqualTo(new JobCounts(1, 1, 0));
        StoredVector kept = store().vectors(user, MODEL).stream()
                .filter(v -> v.messageId().equals(shared))
                .findFirst()
                .orElseThrow();
        assertThat(kept.jobId()).isEqualTo(first.jobId());
        assertThat(kept.sealed()).isEqualTo(vector(shared, 1).sealed());
    }

    @Test
    void complete_addsTheCallersCountsToWhatItFinds() {
        JobTicket job = ticket(6);
        store().startAttempt(job, T0);
        JobResult result = new JobResult(job, List.of(vector(messageId(), 1)), Optional.of(resultKey(3)), 2, 2);

        Completion completion = store().complete(result, T0);
        assertThat(completion.status().counts()).isEqualTo(new JobCounts(1, 2, 2));
    }

    @Test
    void storedIds_findOnlyStoredMessagesOfThatUserAndModel() {
        JobTicket job = ticket(2);
        store().startAttempt(job, T0);
        MessageId stored = messageId();
        store().complete(result(job, List.of(vector(stored, 4))), T0);
        MessageId unknown = messageId();

        assertThat(store().storedIds(user, MODEL, List.of(stored, unknown))).containsExactly(stored);
        assertThat(store().storedIds(user, "other:model", List.of(stored))).isEmpty();
        assertThat(store().storedIds(UserId.random(), MODEL, List.of(stored))).isEmpty();
        assertThat(store().storedIds(user, MODEL, List.of())).isEmpty();
    }

    @Test
    void vectors_areSeparatedByUserAndModel() {
        JobTicket job = ticket(1);
        store().startAttempt(job, T0);
        store().complete(result(job, List.of(vector(messageId(), 1))), T0);

        assertThat(store().vectors(user, MODEL)).hasSize(1);
        assertThat(store().vectors(user, "other:model")).isEmpty();
        assertThat(store().vectors(UserId.random(), MODEL)).isEmpty();
    }

    @Test
    void recordFailure_permanentMarksTheJobFailedWithItsReason() {
        JobTicket job = ticket(1);
        store().startAttempt(job, T0);
        store().recordFailure(job.jobId(), "batch x did not authenticate", true, T0.plusSeconds(1));

        JobStatus status = store().job(job.jobId()).orElseThrow();
        assertThat(status.state()).isEqualTo(JobState.FAILED);
        assertThat(status.errorReason()).contains("batch x did not authenticate");
        assertThat(status.updatedAt()).isEqualTo(T0.plusSeconds(1));
    }

    @Test
    void recordFailure_transientQueuesTheJobAgain() {
        JobTicket job = ticket(1);
        store().startAttempt(job, T0);
        store().recordFailure(job.jobId(), "deadline reached", false, T0);

        JobStatus status = store().job(job.jobId()).orElseThrow();
        assertThat(status.state()).isEqualTo(JobState.QUEUED);
        assertThat(status.attempts()).isEqualTo(1);
        assertThat(status.errorReason()).contains("deadline reached");
    }

    @Test
    void recordFailure_cutsLongReasons() {
        JobTicket job = ticket(1);
        store().startAttempt(job, T0);
        store().recordFailure(job.jobId(), "x".repeat(2000), true, T0);

        assertThat(store().job(job.jobId()).orElseThrow().errorReason().orElseThrow())
                .hasSize(EmbeddingStore.MAX_REASON_LENGTH);
    }

    @Test
    void recordFailure_leavesDoneAndUnknownJobsAlone() {
        JobTicket job = ticket(1);
        store().startAttempt(job, T0);
        store().complete(result(job, List.of(vector(messageId(), 1))), T0);
        store().recordFailure(job.jobId(), "late duplicate failed", true, T0.plusSeconds(1));
        store().recordFailure(JobId.random(), "no such job", true, T0);

        JobStatus status = store().job(job.jobId()).orElseThrow();
        assertThat(status.state()).isEqualTo(JobState.DONE);
        assertThat(status.errorReason()).isEmpty();
    }

    @Test
    void complete_storesALargeJobInOneGo() {
        JobTicket job = ticket(2500);
        store().startAttempt(job, T0);
        List<NewVector> vectors =
                IntStream.range(0, 2500).mapToObj(i -> vector(messageId(), i)).toList();
        Completion completion = store().complete(result(job, vectors), T0);

        assertThat(completion.written()).isEqualTo(2500);
        assertThat(store().vectors(user, MODEL)).hasSize(2500);
        assertThat(store().storedIds(
                                user,
                                MODEL,
                                vectors.stream().map(NewVector::messageId).toList()))
                .hasSize(2500);
    }

    @Test
    void complete_concurrentAttemptsOfOneJob_exactlyOneApplies() throws Exception {
        JobTicket job = ticket(50);
        store().startAttempt(job, T0);
        List<MessageId> ids = IntStream.range(0, 50).mapToObj(i -> messageId()).toList();
        List<Callable<Completion>> attempts = new ArrayList<>();
        for (int attempt = 0; attempt < 4; attempt++) {
            int seed = attempt;
            List<MessageId> order = new ArrayList<>(ids);
            Collections.shuffle(order, new Random(seed));
            List<NewVector> vectors = order.stream()
                    .map(id -> new NewVector(id, new byte[] {(byte) seed}))
                    .toList();
            attempts.add(() -> store().complete(new JobResult(job, vectors, Optional.of(resultKey(seed)), 0, 0), T0));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Completion> completions = new ArrayList<>();
        try {
            for (Future<Completion> future : pool.invokeAll(attempts)) {
                completions.add(future.get());
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(completions).filteredOn(Completion::applied).hasSize(1);
        Completion winner =
                completions.stream().filter(Completion::applied).findFirst().orElseThrow();
        assertThat(winner.written()).isEqualTo(50);
        byte winnerSeed = store().vectors(user, MODEL).getFirst().sealed()[0];
        assertThat(store().vectors(user, MODEL))
                .hasSize(50)
                .allSatisfy(v -> assertThat(v.sealed()).containsExactly(winnerSeed));
        assertThat(store().job(job.jobId()).orElseThrow().resultKey()).contains(resultKey(winnerSeed));
    }

    /** Timestamps as PostgreSQL keeps them (microseconds): adapters must not lose precision below that. */
    @Test
    void timestamps_keepMicroseconds() {
        JobTicket job = ticket(1);
        Instant micro = T0.truncatedTo(ChronoUnit.MICROS);
        store().recordQueued(job, micro);
        assertThat(store().job(job.jobId()).orElseThrow().createdAt()).isEqualTo(micro);
    }

    @Test
    void jobs_listsTheUsersJobsOldestFirst() {
        JobTicket first = ticket(2);
        JobTicket second = ticket(3);
        store().recordQueued(second, T0.plusSeconds(5));
        store().recordQueued(first, T0);
        store().recordQueued(new JobTicket(JobId.random(), UserId.random(), BatchId.random(), MODEL, 1), T0);

        assertThat(store().jobs(user)).extracting(JobStatus::ticket).containsExactly(first, second);
        assertThat(store().jobs(UserId.random())).isEmpty();
    }

    @Test
    void requeue_putsOnlyAFailedJobBackInTheQueue() {
        JobTicket failed = ticket(1);
        store().recordQueued(failed, T0);
        store().startAttempt(failed, T0);
        store().recordFailure(failed.jobId(), "poison: bad envelope", true, T0);
        JobTicket done = ticket(1);
        store().startAttempt(done, T0);
        store().complete(result(done, List.of(vector(messageId(), 1))), T0);

        assertThat(store().requeue(failed.jobId(), T0.plusSeconds(1))).isTrue();
        JobStatus requeued = store().job(failed.jobId()).orElseThrow();
        assertThat(requeued.state()).isEqualTo(JobState.QUEUED);
        assertThat(requeued.errorReason()).isEmpty();
        assertThat(store().requeue(failed.jobId(), T0)).isFalse();
        assertThat(store().requeue(done.jobId(), T0)).isFalse();
        assertThat(store().job(done.jobId()).orElseThrow().state()).isEqualTo(JobState.DONE);
        assertThat(store().requeue(JobId.random(), T0)).isFalse();
    }

    @Test
    void deleteJobs_forgetsTheirVectorsAndResultKeysAndNothingElse() {
        JobTicket doomed = ticket(2);
        JobTicket kept = ticket(1);
        MessageId keptMessage = messageId();
        JobTicket foreign = new JobTicket(JobId.random(), UserId.random(), BatchId.random(), MODEL, 1);
        for (JobTicket job : List.of(doomed, kept, foreign)) {
            store().startAttempt(job, T0);
        }
        store().complete(result(doomed, List.of(vector(messageId(), 1), vector(messageId(), 2))), T0);
        store().complete(result(kept, List.of(vector(keptMessage, 3))), T0);
        store().complete(result(foreign, List.of(vector(messageId(), 4))), T0);

        assertThat(store().deleteJobs(user, List.of(doomed.jobId(), foreign.jobId())))
                .isEqualTo(2);

        assertThat(store().job(doomed.jobId())).isEmpty();
        assertThat(store().vectors(user, MODEL))
                .extracting(StoredVector::messageId)
                .containsExactly(keptMessage);
        assertThat(store().job(foreign.jobId())).isPresent();
        assertThat(store().vectors(foreign.userId(), MODEL)).hasSize(1);
        assertThat(store().deleteJobs(user, List.of())).isZero();
    }

    @Test
    void knownMessageIds_areThoseOfLiveJobsOfThatUserAndModel() {
        MessageId queued = messageId();
        MessageId done = messageId();
        MessageId failed = messageId();
        MessageId otherModel = messageId();
        MessageId otherUser = messageId();
        JobTicket queuedJob = ticket(1);
        store().recordQueued(queuedJob, T0);
        store().recordMessageIds(queuedJob.jobId(), List.of(queued));
        JobTicket doneJob = ticket(1);
        store().recordQueued(doneJob, T0);
        store().recordMessageIds(doneJob.jobId(), List.of(done));
        store().startAttempt(doneJob, T0);
        store().complete(result(doneJob, List.of(vector(done, 1))), T0);
        JobTicket failedJob = ticket(1);
        store().recordQueued(failedJob, T0);
        store().recordMessageIds(failedJob.jobId(), List.of(failed));
        store().recordFailure(failedJob.jobId(), "poison", true, T0);
        JobTicket otherModelJob = new JobTicket(JobId.random(), user, BatchId.random(), "test:other", 1);
        store().recordQueued(otherModelJob, T0);
        store().recordMessageIds(otherModelJob.jobId(), List.of(otherModel));
        JobTicket foreign = new JobTicket(JobId.random(), UserId.random(), BatchId.random(), MODEL, 1);
        store().recordQueued(foreign, T0);
        store().recordMessageIds(foreign.jobId(), List.of(otherUser));
        MessageId unknown = messageId();

        assertThat(store().knownMessageIds(user, MODEL, List.of(queued, done, failed, otherModel, otherUser, unknown)))
                .containsExactlyInAnyOrder(queued, done);
        assertThat(store().knownMessageIds(user, MODEL, List.of())).isEmpty();
    }

    @Test
    void recordMessageIds_isIdempotentAndIgnoresUnknownJobs() {
        MessageId first = messageId();
        MessageId second = messageId();
        JobTicket job = ticket(2);
        store().recordQueued(job, T0);
        store().recordMessageIds(job.jobId(), List.of(first));
        store().recordMessageIds(job.jobId(), List.of(first, second));
        store().recordMessageIds(JobId.random(), List.of(messageId()));

        assertThat(store().knownMessageIds(user, MODEL, List.of(first, second)))
                .containsExactlyInAnyOrder(first, second);
    }

    @Test
    void knownMessageIds_answersManyCandidatesAtOnce() {
        JobTicket job = ticket(2500);
        store().recordQueued(job, T0);
        List<MessageId> recorded =
                IntStream.range(0, 2500).mapToObj(i -> messageId()).toList();
        store().recordMessageIds(job.jobId(), recorded);
        List<MessageId> candidates = new ArrayList<>(recorded.subList(0, 1200));
        IntStream.range(0, 1300).forEach(i -> candidates.add(messageId()));

        assertThat(store().knownMessageIds(user, MODEL, candidates))
                .containsExactlyInAnyOrderElementsOf(recorded.subList(0, 1200));
    }

    @Test
    void jobsWithoutMessageIds_areTheLiveJobsNoIdsWereRecordedFor() {
        JobTicket recorded = ticket(1);
        store().recordQueued(recorded, T0);
        store().recordMessageIds(recorded.jobId(), List.of(messageId()));
        JobTicket legacy = ticket(1);
        store().recordQueued(legacy, T0.plusSeconds(1));
        JobTicket failed = ticket(1);
        store().recordQueued(failed, T0);
        store().recordFailure(failed.jobId(), "poison", true, T0);

        assertThat(store().jobsWithoutMessageIds(user)).containsExactly(legacy.jobId());
    }

    @Test
    void deleteJobs_forgetsTheirMessageIds() {
        MessageId id = messageId();
        JobTicket job = ticket(1);
        store().recordQueued(job, T0);
        store().recordMessageIds(job.jobId(), List.of(id));

        store().deleteJobs(user, List.of(job.jobId()));

        assertThat(store().knownMessageIds(user, MODEL, List.of(id))).isEmpty();
    }

    @Test
    void results_pageTheUsersFinishedJobsInCompletionOrderWithTheirVectors() {
        List<JobTicket> done = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            JobTicket job = ticket(2);
            store().startAttempt(job, T0);
            store().complete(result(job, List.of(vector(messageId(), 10 * i), vector(messageId(), 10 * i + 1))), T0);
            done.add(job);
        }
        JobTicket running = ticket(1);
        store().startAttempt(running, T0);
        JobTicket otherModel = new JobTicket(JobId.random(), user, BatchId.random(), "test:other", 1);
        store().startAttempt(otherModel, T0);
        store().complete(result(otherModel, List.of(vector(messageId(), 99))), T0);

        ResultPage first = store().results(user, MODEL, 0, 3);
        ResultPage second = store().results(user, MODEL, first.next(), 3);
        ResultPage last = store().results(user, MODEL, second.next(), 3);

        assertThat(first.results())
                .extracting(JobResults::jobId)
                .containsExactly(
                        done.get(0).jobId(), done.get(1).jobId(), done.get(2).jobId());
        assertThat(first.more()).isTrue();
        assertThat(second.results())
                .extracting(JobResults::jobId)
                .containsExactly(done.get(3).jobId(), done.get(4).jobId());
        assertThat(second.more()).isFalse();
        assertThat(last.results()).isEmpty();
        assertThat(last.next()).isEqualTo(second.next());
        JobResults one = first.results().getFirst();
        assertThat(one.batchId()).isEqualTo(done.getFirst().batchId());
        assertThat(one.resultKey()).contains(resultKey(7));
        assertThat(one.vectors())
                .hasSize(2)
                .allMatch(v -> v.jobId().equals(done.getFirst().jobId()));
        assertThat(first.results()).extracting(JobResults::order).isSorted();
        assertThat(store().results(UserId.random(), MODEL, 0, 10).results()).isEmpty();
    }

    @Test
    void results_ofDeletedJobsAreGone_andLaterCompletionsComeAfterTheCursor() {
        JobTicket first = ticket(1);
        store().startAttempt(first, T0);
        store().complete(result(first, List.of(vector(messageId(), 1))), T0);
        long cursor = store().results(user, MODEL, 0, 10).next();
        store().deleteJobs(user, List.of(first.jobId()));
        JobTicket later = ticket(1);
        store().startAttempt(later, T0);
        store().complete(result(later, List.of(vector(messageId(), 2))), T0);

        assertThat(store().results(user, MODEL, 0, 10).results())
                .extracting(JobResults::jobId)
                .containsExactly(later.jobId());
        assertThat(store().results(user, MODEL, cursor, 10).results())
                .extracting(JobResults::jobId)
                .containsExactly(later.jobId());
    }

    @Test
    void publicKeys_areRegisteredPerUserAndReplaceable() {
        RecipientPublicKey first = RecipientPublicKey.of(randomBytes(32));
        RecipientPublicKey second = RecipientPublicKey.of(randomBytes(32));

        assertThat(store().publicKey(user)).isEmpty();
        store().registerPublicKey(user, first, T0);
        assertThat(store().publicKey(user)).contains(first);
        store().registerPublicKey(user, second, T0.plusSeconds(1));
        assertThat(store().publicKey(user)).contains(second);
        assertThat(store().publicKey(UserId.random())).isEmpty();
    }

    private byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }
}
