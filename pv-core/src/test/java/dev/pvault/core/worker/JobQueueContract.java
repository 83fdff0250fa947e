package dev.pvault.core.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pvault.core.VaultException;
import dev.pvault.core.crypto.JobDocument;
import dev.pvault.core.crypto.WorkerKeyring;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link JobQueue} adapter passes, standard or FIFO ({@link FifoJobQueueContract} adds what
 * only FIFO queues promise): extend it (and {@code FifoJobQueueContract} for the adapter's FIFO queues) and return
 * the adapter's {@link Adapter}. Here each job belongs to a user of its own, so a FIFO queue's message groups do
 * not come into play.
 *
 * <p>Times are whole seconds, as SQS counts them: the shortest visibility timeout is one second, and a test lets
 * it pass through {@link Adapter#elapse(Duration)}, which sleeps for a real queue and moves the clock of a fake.
 */
public abstract class JobQueueContract {
    /** What the tests need of an adapter. */
    public interface Adapter {
        /** A new, empty queue (called before each test). */
        JobQueue newQueue(boolean fifo);

        /** Lets {@code duration} pass for the queues. */
        void elapse(Duration duration);
    }

    protected static final Duration NO_WAIT = Duration.ZERO;
    /** SQS's shortest visibility timeout. */
    protected static final Duration SHORT = Duration.ofSeconds(1);
    /** A visibility timeout no test outlasts. */
    protected static final Duration LONG = Duration.ofMinutes(5);
    /**
     * Enough for a {@link #SHORT} visibility timeout to end: a test waits after the receive came back, so the
     * server's timeout started before the wait did.
     */
    protected static final Duration PAST_SHORT = Duration.ofMillis(1_100);

    private static final WorkerKeyring WORKER = WorkerKeyring.generate();

    protected JobQueue queue;

    /** The adapter under test. */
    protected abstract Adapter adapter();

    /** Whether the tests run on FIFO queues ({@link FifoJobQueueContract}'s do). */
    boolean fifo() {
        return false;
    }

    @BeforeEach
    void createQueue() {
        queue = adapter().newQueue(fifo());
    }

    protected void elapse(Duration duration) {
        adapter().elapse(duration);
    }

    /** A user of its own, so a message group of its own on a FIFO queue. */
    protected static TestVault newUser() {
        return new TestVault("test:hash-64", WORKER);
    }

    protected static JobDocument jobOf(TestVault user) {
        return user.seal(user.messages(1)).job();
    }

    protected static JobDocument job() {
        return jobOf(newUser());
    }

    protected static List<String> ids(List<QueuedJob> jobs) {
        return jobs.stream().map(QueuedJob::messageId).toList();
    }

    @Test
    void send_thenReceive_givesTheJobWithItsMessageId() {
        JobDocument job = job();
        String id = queue.send(job);

        List<QueuedJob> received = queue.receive(10, NO_WAIT, LONG);

        assertThat(received).hasSize(1);
        QueuedJob got = received.getFirst();
        assertThat(got.messageId()).isEqualTo(id);
        assertThat(got.body()).isEqualTo(job.toJson());
        assertThat(JobDocument.parse(got.body()).jobId()).isEqualTo(job.jobId());
        assertThat(got.receiveCount()).isEqualTo(1);
        assertThat(got.groupId())
                .isEqualTo(queue.fifo() ? Optional.of(job.userId().toString()) : Optional.empty());
    }

    @Test
    void aReceivedJob_isHiddenUntilItsVisibilityEnds_thenComesBackCountedWithANewReceipt() {
        String id = queue.send(job());
        QueuedJob first = queue.receive(10, NO_WAIT, SHORT).getFirst();

        assertThat(queue.receive(10, NO_WAIT, SHORT)).isEmpty();
        elapse(PAST_SHORT);
        List<QueuedJob> again = queue.receive(10, NO_WAIT, LONG);

        assertThat(ids(again)).containsExactly(id);
        assertThat(again.getFirst().receiveCount()).isEqualTo(2);
        assertThat(again.getFirst().receiptHandle()).isNotEqualTo(first.receiptHandle());
        assertThat(again.getFirst().body()).isEqualTo(first.body());
    }

    @Test
    void delete_acknowledges_theJobIsNotDeliveredAgain() {
        String kept = queue.send(job());
        queue.send(job());
        List<QueuedJob> received = queue.receive(10, NO_WAIT, SHORT);
        QueuedJob done = received.stream()
                .filter(j -> !j.messageId().equals(kept))
                .findFirst()
                .orElseThrow();

        queue.delete(done);
        elapse(PAST_SHORT);

        assertThat(ids(queue.receive(10, NO_WAIT, LONG))).containsExactly(kept);
    }

    @Test
    void release_makesTheJobVisibleAtOnce_andTheNextReceiveCountsIt() {
        String id = queue.send(job());
        QueuedJob first = queue.receive(10, NO_WAIT, LONG).getFirst();

        queue.release(first);
        List<QueuedJob> again = queue.receive(10, NO_WAIT, LONG);

        assertThat(ids(again)).containsExactly(id);
        assertThat(again.getFirst().receiveCount()).isEqualTo(2);
        queue.release(again.getFirst());
        assertThat(queue.receive(10, NO_WAIT, LONG).getFirst().receiveCount()).isEqualTo(3);
    }

    @Test
    void receive_givesAtMostMax_andTheRestLater() {
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 13; i++) {
            sent.add(queue.send(job()));
        }

        List<QueuedJob> first = queue.receive(3, NO_WAIT, LONG);
        List<QueuedJob> second = queue.receive(10, NO_WAIT, LONG);
        List<QueuedJob> third = queue.receive(10, NO_WAIT, LONG);

        assertThat(first).hasSize(3);
        assertThat(second).hasSize(10);
        List<String> all = new ArrayList<>(ids(first));
        all.addAll(ids(second));
        all.addAll(ids(third));
        assertThat(all).containsExactlyInAnyOrderElementsOf(sent);
    }

    @Test
    void receive_takesOneToTenJobs() {
        assertThatThrownBy(() -> queue.receive(0, NO_WAIT, LONG)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> queue.receive(11, NO_WAIT, LONG)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void receive_onAnEmptyQueue_waitsForTheWholeWait() {
        long start = System.nanoTime();

        assertThat(queue.receive(10, Duration.ofSeconds(1), LONG)).isEmpty();

        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .isBetween(Duration.ofMillis(900), Duration.ofSeconds(5));
    }

    @Test
    void receive_returnsAJobSentWhileItWaits_beforeTheWaitEnds() throws Exception {
        JobDocument job = job();
        long start = System.nanoTime();
        CompletableFuture<List<QueuedJob>> waiting =
                CompletableFuture.supplyAsync(() -> queue.receive(10, Duration.ofSeconds(10), LONG));
        Thread.sleep(300);

        String id = queue.send(job);

        assertThat(ids(waiting.get(9, TimeUnit.SECONDS))).containsExactly(id);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aReceiptOfAnEarlierReceive_isRejected_andTheJobStays() {
        String id = queue.send(job());
        QueuedJob stale = queue.receive(10, NO_WAIT, SHORT).getFirst();
        elapse(PAST_SHORT);
        QueuedJob current = queue.receive(10, NO_WAIT, SHORT).getFirst();

        assertThatThrownBy(() -> queue.delete(stale))
                .isInstanceOf(VaultException.class)
                .isNotInstanceOf(RetryableException.class)
                .hasMessageContaining(id);
        assertThatThrownBy(() -> queue.release(stale))
                .isInstanceOf(VaultException.class)
                .isNotInstanceOf(RetryableException.class)
                .hasMessageContaining(id);
        elapse(PAST_SHORT);

        List<QueuedJob> again = queue.receive(10, NO_WAIT, LONG);
        assertThat(ids(again)).containsExactly(id);
        assertThat(again.getFirst().receiveCount()).isEqualTo(current.receiveCount() + 1);
    }

    @Test
    void aDeletedJobsReceipt_isRejected() {
        String id = queue.send(job());
        QueuedJob job = queue.receive(10, NO_WAIT, LONG).getFirst();
        queue.delete(job);

        assertThatThrownBy(() -> queue.delete(job))
                .isInstanceOf(VaultException.class)
                .isNotInstanceOf(RetryableException.class)
                .hasMessageContaining(id);
        assertThat(queue.receive(10, NO_WAIT, LONG)).isEmpty();
    }
}
