package dev.pvault.local;

import dev.pvault.aws.JobMetrics;
import dev.pvault.aws.QueuePoller;
import dev.pvault.aws.WorkerLoop;
import dev.pvault.core.worker.JobProcessor;
import dev.pvault.core.worker.JobQueue;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Lambda event-source mapping, for local use: each of {@code instances} threads long-polls the job
 * queue and runs what it receives through its own {@link WorkerLoop}, the loop the Lambda function runs,
 * with the batch's deadline at the end of its visibility timeout; succeeded jobs are deleted, failed ones
 * are left for redelivery after the visibility timeout, and the queue's redrive policy moves poison to the
 * dead-letter queue. All instances share one {@link JobProcessor}, so the model is loaded once.
 *
 * <p>Locally the visibility timeout is short (a minute, not the cloud's half hour): a job interrupted by a
 * kill comes back within a minute, while a job of a few hundred messages takes about a second.
 */
public final class FunctionRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FunctionRunner.class);

    /**
     * @param instances function instances polling at once
     * @param recordsPerInvocation records per event, as the event source mapping's batch size
     * @param receiveWait long-polling wait of each receive
     * @param visibility how long received jobs stay hidden; an interrupted job returns after this
     */
    public record Settings(int instances, int recordsPerInvocation, Duration receiveWait, Duration visibility) {
        public Settings {
            if (instances < 1 || recordsPerInvocation < 1) {
                throw new IllegalArgumentException("instances and records per invocation must be >= 1");
            }
            if (visibility.toSeconds() < 2) {
                throw new IllegalArgumentException("the visibility timeout is at least 2 s, got " + visibility);
            }
        }

        /**
         * Kept in reserve before the visibility timeout ends (the handler's PV_HANDBACK_MS): a quarter of it, at
         * most 15 s. Work that could not finish before the queue hands the job to someone else is not started.
         */
        public Duration handback() {
            Duration quarter = visibility.dividedBy(4);
            return quarter.compareTo(Duration.ofSeconds(15)) < 0 ? quarter : Duration.ofSeconds(15);
        }

        /** One instance per core, two records an event, one-second polls, a one-minute visibility timeout. */
        public static Settings defaults() {
            return new Settings(
                    Runtime.getRuntime().availableProcessors(), 2, Duration.ofSeconds(1), Duration.ofMinutes(1));
        }

        public Settings withInstances(int count) {
            return new Settings(count, recordsPerInvocation, receiveWait, visibility);
        }

        public Settings withVisibility(Duration timeout) {
            return new Settings(instances, recordsPerInvocation, receiveWait, timeout);
        }
    }

    private final List<QueuePoller> pollers = new ArrayList<>();
    private final List<WorkerLoop> loops = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final Settings settings;

    private FunctionRunner(Settings settings) {
        this.settings = settings;
    }

    /** Starts {@link Settings#instances()} function instances polling {@code queue}. */
    public static FunctionRunner start(JobProcessor processor, JobQueue queue, Settings settings, InstantSource clock) {
        Objects.requireNonNull(processor, "processor");
        FunctionRunner runner = new FunctionRunner(settings);
        QueuePoller.Settings polling = new QueuePoller.Settings(
                settings.recordsPerInvocation(), settings.receiveWait(), settings.visibility());
        for (int i = 0; i < settings.instances(); i++) {
            // One loop per instance, as Lambda runs one invocation per execution environment at a time (each
            // has its own cold start); the processor (embedder, clients) is shared and closed by its owner.
            WorkerLoop loop =
                    new WorkerLoop(processor, new WorkerLoop.Settings(settings.handback(), 1), JobMetrics.off(), clock);
            QueuePoller poller = new QueuePoller(queue, loop, polling, clock);
            Thread thread = Thread.ofPlatform()
                    .name("pvault-function-" + i)
                    .daemon(true)
                    .unstarted(poller::run);
            runner.loops.add(loop);
            runner.pollers.add(poller);
            runner.threads.add(thread);
        }
        runner.threads.forEach(Thread::start);
        LOG.debug("started {} function instances", settings.instances());
        return runner;
    }

    /** How many queue messages the instances received so far (redeliveries included). */
    public int received() {
        return pollers.stream().mapToInt(QueuePoller::received).sum();
    }

    /** Whether an instance is handling a batch right now. */
    public boolean busy() {
        return pollers.stream().anyMatch(QueuePoller::busy);
    }

    /**
     * Returns once {@code workRemains} says there is nothing left and no instance is busy, checking every
     * {@code every} and running {@code onCheck} (progress) on every check, busy or not. Gives up (returns
     * false) when nothing was received for {@code patience} while work still remained: a job whose message is
     * lost cannot be waited for forever.
     */
    public boolean awaitIdle(BooleanSupplier workRemains, Runnable onCheck, Duration every, Duration patience)
            throws InterruptedException {
        long lastProgress = System.nanoTime();
        int lastReceived = received();
        while (true) {
            onCheck.run();
            if (!busy() && !workRemains.getAsBoolean() && !busy()) {
                return true;
            }
            Thread.sleep(every.toMillis());
            if (received() != lastReceived || busy()) {
                lastReceived = received();
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > patience.toNanos()) {
                return false;
            }
        }
    }

    public Settings settings() {
        return settings;
    }

    /** Stops polling and waits for the batches in hand to finish. */
    @Override
    public void close() {
        pollers.forEach(QueuePoller::stop);
        for (Thread thread : threads) {
            try {
                thread.join(settings.visibility().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        loops.forEach(WorkerLoop::close);
    }
}
