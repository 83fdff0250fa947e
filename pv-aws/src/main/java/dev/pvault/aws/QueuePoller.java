package dev.pvault.aws;

import dev.pvault.core.VaultException;
import dev.pvault.core.worker.JobQueue;
import dev.pvault.core.worker.QueuedJob;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A long-running event-source mapping of our own: receive a batch from the job queue, hand it to a {@link
 * BatchHandler}, delete the jobs that succeeded and leave the others, which the queue delivers again after
 * the visibility timeout (and moves to its dead-letter queue after {@code maxReceiveCount}). {@code pvault
 * worker} runs it with a {@link ProcessorBatchHandler}; the local runner with a {@link FunctionBatchHandler}
 * around {@link EmbedFunction}, exactly as Lambda would call it.
 *
 * <p>Each batch gets a deadline of its arrival plus the visibility timeout, less {@code handback}:
 * work that cannot finish before the queue would deliver the job to someone else is not started.
 */
public final class QueuePoller {
    private static final Logger LOG = LoggerFactory.getLogger(QueuePoller.class);

    /** Handles one received batch; returns the message ids of the jobs to leave on the queue. */
    @FunctionalInterface
    public interface BatchHandler {
        Set<String> handle(List<QueuedJob> batch, Instant deadline);
    }

    /**
     * @param batchSize messages per receive, 1..10
     * @param receiveWait long-polling wait per receive, up to 20 s
     * @param visibility how long received jobs stay invisible to other workers
     * @param handback kept in reserve before the visibility timeout ends
     */
    public record Settings(int batchSize, Duration receiveWait, Duration visibility, Duration handback) {
        public Settings {
            if (batchSize < 1 || batchSize > SqsJobQueue.MAX_BATCH) {
                throw new IllegalArgumentException("batch size is 1.." + SqsJobQueue.MAX_BATCH + ", got " + batchSize);
            }
            if (receiveWait.isNegative() || receiveWait.compareTo(SqsJobQueue.MAX_WAIT) > 0) {
                throw new IllegalArgumentException("receiveWait is 0..20 s, got " + receiveWait);
            }
            if (visibility.compareTo(handback) <= 0) {
                throw new IllegalArgumentException(
                        "visibility (" + visibility + ") must be longer than handback (" + handback + ")");
            }
        }
    }

    private final JobQueue queue;
    private final BatchHandler handler;
    private final Settings settings;
    private final InstantSource clock;
    private volatile boolean stopped;

    public QueuePoller(JobQueue queue, BatchHandler handler, Settings settings, InstantSource clock) {
        this.queue = Objects.requireNonNull(queue, "queue");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Receives one batch (waiting up to {@link Settings#receiveWait()}), handles it and deletes the successes.
     * Returns how many jobs were received.
     */
    public int pollOnce() {
        List<QueuedJob> batch = queue.receive(settings.batchSize(), settings.receiveWait(), settings.visibility());
        if (batch.isEmpty()) {
            return 0;
        }
        // The visibility timeout runs from the receive; the handback covers the trip back to us.
        Instant deadline = clock.instant().plus(settings.visibility()).minus(settings.handback());
        Set<String> failed;
        try {
            failed = handler.handle(batch, deadline);
        } catch (RuntimeException e) {
            // As with Lambda, a handler that throws leaves the whole batch for redelivery.
            LOG.error(
                    "batch handler failed ({}); leaving {} jobs for redelivery",
                    e.getClass().getName(),
                    batch.size());
            return batch.size();
        }
        for (QueuedJob job : batch) {
            if (!failed.contains(job.messageId())) {
                try {
                    queue.delete(job);
                } catch (RuntimeException e) {
                    // The job is stored; a redelivery will find it DONE and change nothing.
                    LOG.warn(
                            "could not delete message {} ({}); it will come back and be a no-op",
                            job.messageId(),
                            describe(e));
                }
            }
        }
        return batch.size();
    }

    /** A failure for the log: our own messages are content-free by contract; of others, the type only. */
    private static String describe(RuntimeException e) {
        return e instanceof VaultException ? e.getMessage() : e.getClass().getName();
    }

    /** Polls until {@link #stop()}; a failing receive is logged and retried after a pause. */
    public void run() {
        Duration pause = Duration.ofSeconds(1);
        while (!stopped) {
            try {
                pollOnce();
                pause = Duration.ofSeconds(1);
            } catch (RuntimeException e) {
                LOG.warn(
                        "receiving from the job queue failed: {}; trying again in {} s",
                        describe(e),
                        pause.toSeconds());
                sleep(pause);
                pause = pause.multipliedBy(2).compareTo(Duration.ofSeconds(30)) > 0
                        ? Duration.ofSeconds(30)
                        : pause.multipliedBy(2);
            }
        }
    }

    /** Makes {@link #run()} return after the batch in hand. */
    public void stop() {
        stopped = true;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
