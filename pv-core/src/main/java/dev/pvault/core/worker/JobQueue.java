package dev.pvault.core.worker;

import dev.pvault.core.crypto.JobDocument;
import java.time.Duration;
import java.util.List;

/**
 * Holds job documents waiting for a worker. SQS in the cloud, ElasticMQ on loopback locally. Delivery is
 * at least once and, on a standard queue, in no particular order; a job that is received and not deleted
 * comes back after the visibility timeout, and after the queue's {@code maxReceiveCount} receives goes to
 * its dead-letter queue.
 *
 * <p>On a FIFO queue, jobs of one user form one message group, delivered in the order sent and held back while
 * any job of the group is in flight; the job id is the deduplication id (a job sent again within five minutes is
 * not queued again). Every adapter passes the same contract tests ({@code JobQueueContract}, {@code
 * FifoJobQueueContract}).
 */
public interface JobQueue {
    /** The most jobs one receive returns (SQS's limit). */
    int MAX_BATCH = 10;

    /** The longest a receive waits for a first job (SQS's long-polling limit). */
    Duration MAX_WAIT = Duration.ofSeconds(20);

    /** Enqueues {@code job}; returns the queue's message id. */
    String send(JobDocument job);

    /**
     * Up to {@code max} jobs, waiting up to {@code wait} for the first one. Each stays invisible to other
     * receivers for {@code visibility}; delete it within that time or it is delivered again, with a new receipt
     * handle. As SQS has it, {@code max} is 1 to 10, and both times count in whole seconds: {@code wait} up to 20 s,
     * {@code visibility} at least 1 s.
     */
    List<QueuedJob> receive(int max, Duration wait, Duration visibility);

    /**
     * Acknowledges a job: it will not be delivered again.
     *
     * @throws dev.pvault.core.VaultException (not a {@link RetryableException}) when {@code job} is not the job's
     *     latest receive (it was received again since, or already deleted); the job stays as it was
     */
    void delete(QueuedJob job);

    /**
     * Makes a received job visible again at once, for another worker (or this one) to take.
     *
     * @throws dev.pvault.core.VaultException (not a {@link RetryableException}) when {@code job} is not the job's
     *     latest receive
     */
    void release(QueuedJob job);

    /** Whether this is a FIFO queue (one message group per user, stop a group at its first failure). */
    boolean fifo();
}
