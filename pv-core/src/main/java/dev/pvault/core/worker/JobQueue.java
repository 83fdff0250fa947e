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
 * <p>On a FIFO queue, jobs of one user form one message group and the job id is the deduplication id.
 */
public interface JobQueue {

    /** Enqueues {@code job}; returns the queue's message id. */
    String send(JobDocument job);

    /**
     * Up to {@code max} jobs, waiting up to {@code wait} for the first one. Each stays invisible to other
     * receivers for {@code visibility}; delete it within that time or it is delivered again.
     */
    List<QueuedJob> receive(int max, Duration wait, Duration visibility);

    /** Acknowledges a job: it will not be delivered again. */
    void delete(QueuedJob job);

    /** Makes a received job visible again at once, for another worker (or this one) to take. */
    void release(QueuedJob job);

    /** Whether this is a FIFO queue (one message group per user, stop a group at its first failure). */
    boolean fifo();
}
