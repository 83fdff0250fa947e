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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A long-running event-source mapping of our own: receive a batch from the job queue, run it through the
 * {@link WorkerLoop}, delete the jobs that succeeded and leave the others, which the queue delivers again
 * after the visibility timeout (and moves to its dead-letter queue after {@code maxReceiveCount}). {@code
 * pvault worker} runs one; the local function runner runs one per function instance.
 *
 * <p>A batch's deadline is its arrival plus the visibility timeout: the loop starts no work that could not
 * be reported before the queue would deliver the job to someone else.
 */
public final class QueuePoller {
    private static final Logger LOG = LoggerFactory.getLogger(QueuePoller.class);

    /**
     * @param batchSize messages per receive, 1..10
     * @param receiveWait long-polling wait per receive, up to 20 s
     * @param visibility how long received jobs stay invisible to other workers
     */
    public record Settings(int batchSize, Duration receiveWait, Duration visibility) {
        public Settings {
            if (batchSize < 1 || batchSize > JobQueue.MAX_BATCH) {
                throw new IllegalArgumentException("batch size is 1.." + JobQueue.MAX_BATCH + ", got " + batchSize);
            }
            if (receiveWait.isNegative() || receiveWait.compareTo(JobQueue.MAX_WAIT) > 0) {
                throw new IllegalArgumentException("receiveWait is 0..20 s, got " + receiveWait);
            }
        }
    }

    private final JobQueue queue;
    private final WorkerLoop loop;
    private final Settings settings;
    private final InstantSource clock;
    private final AtomicInteger received = new AtomicInteger();
    private final AtomicBoolean busy = new AtomicBoolean();
    private volatile boolean stopped;

    public QueuePoller(JobQueue queue, WorkerLoop loop, Settings settings, InstantSource clock) {
        this.queue = Objects.requireNonNull(queue, "queue");
        this.loop = Objects.requireNonNull(loop, "loop");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        Duration handback = loop.settings().handback();
        if (settings.visibility().compareTo(handback) <= 0) {
            throw new IllegalArgumentException(
                    "visibility (" + settings.visibility() + ") must be longer than handback (" + handback + ")");
        }
    }

    /**
     * Receives one batch (waiting up to {@link Settings#receiveWait()}), runs it and deletes the successes.
     * Returns how many jobs were received.
     */
    public int pollOnce() {
        List<QueuedJob> batch = queue.receive(settings.batchSize(), settings.receiveWait(), settings.visibility());
        if (batch.isEmpty()) {
            return 0;
        }
        // The visibility timeout runs from the receive; the loop keeps its handback for the trip back to us.
        Instant deadline = clock.instant().plus(settings.visibility());
        busy.set(true);
        received.addAndGet(batch.size());
        Set<String> handedBack;
        try {
            handedBack = loop.run(batch, deadline).handedBack();
        } finally {
            busy.set(false);
        }
        for (QueuedJob job : batch) {
            if (!handedBack.contains(job.messageId())) {
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

    /** How many queue messages this poller received so far (redeliveries included). */
    public int received() {
        return received.get();
    }

    /** Whether a batch is being run right now. */
    public boolean busy() {
        return busy.get();
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
