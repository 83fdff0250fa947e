package dev.pvault.aws;

import dev.pvault.core.worker.JobOutcome;
import dev.pvault.core.worker.JobProcessor;
import dev.pvault.core.worker.QueuedJob;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one worker loop: a received batch of jobs in, the queue messages to hand back out. The Lambda
 * function ({@link EmbedFunction}), {@code pvault worker} and the local function runner all call it; they
 * differ only in where the batch comes from and how its deadline is known.
 *
 * <p>For one batch: the jobs are split into lanes, one per FIFO message group (a job without a group, from
 * a standard queue, is a lane of its own), and the lanes run side by side on up to {@link Settings#concurrency()} threads. Within a lane the
 * jobs run in order. A job that cannot start before the batch's deadline less {@link Settings#handback()} is
 * handed back unstarted, and so is every job after it in its lane; each started job gets that same
 * reserve-adjusted deadline, which {@link JobProcessor} checks between its steps. On a FIFO queue a lane
 * (its jobs carry a message group) stops at its first failure and hands back the rest of its group, as SQS FIFO ordering requires (other
 * groups go on: ordering holds only within a group). Every outcome is logged once ({@link OutcomeLog}) and
 * the batch's metrics are published once ({@link JobMetrics}); neither can fail the batch.
 *
 * <p>Thread-safe: several pollers may share one loop. {@link JobProcessor#process} never throws, so a
 * lane's only failure mode is a bug in this class; a lane that fails anyway hands all its jobs back.
 */
public final class WorkerLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerLoop.class);

    /**
     * @param handback kept in reserve before the batch's deadline: time to report back, after which the
     *     queue would deliver the jobs to someone else
     * @param concurrency lanes run at once (the embedder has threads of its own: keep this small)
     */
    public record Settings(Duration handback, int concurrency) {
        public Settings {
            Objects.requireNonNull(handback, "handback");
            if (handback.isNegative()) {
                throw new IllegalArgumentException("handback must not be negative, got " + handback);
            }
            if (concurrency < 1 || concurrency > 64) {
                throw new IllegalArgumentException("concurrency is 1..64, got " + concurrency);
            }
        }
    }

    /**
     * What became of a batch: the outcomes of the jobs that ran, and the message ids to hand back, in the
     * batch's order.
     */
    public record BatchResult(List<JobOutcome> outcomes, Set<String> handedBack) {
        public BatchResult {
            outcomes = List.copyOf(outcomes);
            handedBack = Collections.unmodifiableSet(new LinkedHashSet<>(handedBack));
        }
    }

    private final JobProcessor processor;
    private final Settings settings;
    private final JobMetrics metrics;
    private final InstantSource clock;
    private final ExecutorService lanes;
    private final AtomicBoolean coldStart = new AtomicBoolean(true);

    public WorkerLoop(JobProcessor processor, Settings settings, JobMetrics metrics, InstantSource clock) {
        this.processor = Objects.requireNonNull(processor, "processor");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.clock = Objects.requireNonNull(clock, "clock");
        // One lane at a time needs no pool: the caller's thread runs it (the Lambda function's usual case).
        AtomicInteger threads = new AtomicInteger();
        this.lanes = settings.concurrency() == 1
                ? null
                : Executors.newFixedThreadPool(
                        settings.concurrency(),
                        runnable -> Thread.ofPlatform()
                                .name("pvault-lane-" + threads.incrementAndGet())
                                .daemon(true)
                                .unstarted(runnable));
    }

    public Settings settings() {
        return settings;
    }

    public String modelId() {
        return processor.modelId();
    }

    /**
     * Runs {@code batch}, which must be reported back to the queue by {@code deadline} (the Lambda
     * function's deadline, or the end of the batch's visibility timeout). Returns the outcomes and the
     * message ids to hand back: failures (retry, poison), jobs not started in time, and FIFO jobs after a
     * failure in their group. Never throws.
     */
    public BatchResult run(List<QueuedJob> batch, Instant deadline) {
        Instant jobDeadline = deadline.minus(settings.handback());
        List<List<QueuedJob>> laneJobs = lanesOf(batch);
        List<LaneResult> results = new ArrayList<>(laneJobs.size());
        if (lanes == null) {
            laneJobs.forEach(lane -> results.add(runLane(lane, jobDeadline)));
        } else {
            List<Future<LaneResult>> futures = new ArrayList<>(laneJobs.size());
            laneJobs.forEach(lane -> futures.add(lanes.submit(() -> runLane(lane, jobDeadline))));
            for (int i = 0; i < futures.size(); i++) {
                results.add(await(futures.get(i), laneJobs.get(i)));
            }
        }
        List<JobOutcome> outcomes = new ArrayList<>(batch.size());
        Set<String> failed = new HashSet<>();
        results.forEach(result -> {
            outcomes.addAll(result.outcomes());
            failed.addAll(result.handedBack());
        });
        Set<String> handedBack = new LinkedHashSet<>();
        batch.stream().map(QueuedJob::messageId).filter(failed::contains).forEach(handedBack::add);
        metrics.publish(processor.modelId(), coldStart.getAndSet(false), outcomes, handedBack.size());
        return new BatchResult(outcomes, handedBack);
    }

    private record LaneResult(List<JobOutcome> outcomes, List<String> handedBack) {}

    private List<List<QueuedJob>> lanesOf(List<QueuedJob> batch) {
        Map<String, List<QueuedJob>> byLane = new LinkedHashMap<>();
        for (QueuedJob job : batch) {
            String lane = job.groupId().map(group -> "group " + group).orElse("message " + job.messageId());
            byLane.computeIfAbsent(lane, key -> new ArrayList<>()).add(job);
        }
        return List.copyOf(byLane.values());
    }

    private LaneResult runLane(List<QueuedJob> lane, Instant jobDeadline) {
        List<JobOutcome> outcomes = new ArrayList<>(lane.size());
        List<String> handedBack = new ArrayList<>();
        for (int i = 0; i < lane.size(); i++) {
            QueuedJob job = lane.get(i);
            if (!clock.instant().isBefore(jobDeadline)) {
                List<String> rest = ids(lane.subList(i, lane.size()));
                LOG.warn(
                        "handing back {} jobs unstarted: the batch's deadline is less than {} ms away",
                        rest.size(),
                        settings.handback().toMillis());
                handedBack.addAll(rest);
                break;
            }
            JobOutcome outcome = processor.process(job.body(), jobDeadline);
            outcomes.add(outcome);
            OutcomeLog.log(LOG, job.messageId(), Integer.toString(job.receiveCount()), outcome);
            if (!outcome.succeeded()) {
                handedBack.add(job.messageId());
                if (job.groupId().isPresent() && i + 1 < lane.size()) {
                    List<String> rest = ids(lane.subList(i + 1, lane.size()));
                    LOG.info(
                            "FIFO: handing back the {} jobs of its group after failed message {}",
                            rest.size(),
                            job.messageId());
                    handedBack.addAll(rest);
                    break;
                }
            }
        }
        return new LaneResult(outcomes, handedBack);
    }

    private static LaneResult await(Future<LaneResult> lane, List<QueuedJob> jobs) {
        try {
            return lane.get();
        } catch (ExecutionException e) {
            LOG.error(
                    "a lane of {} jobs failed ({}); handing them all back",
                    jobs.size(),
                    e.getCause().getClass().getName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            lane.cancel(true);
        }
        return new LaneResult(List.of(), ids(jobs));
    }

    private static List<String> ids(List<QueuedJob> jobs) {
        return jobs.stream().map(QueuedJob::messageId).toList();
    }

    /** Stops the lane threads; a batch still running is interrupted and handed back. */
    @Override
    public void close() {
        if (lanes != null) {
            lanes.shutdownNow();
        }
    }

    @Override
    public String toString() {
        return "WorkerLoop[model=" + processor.modelId() + ", " + settings + "]";
    }
}
