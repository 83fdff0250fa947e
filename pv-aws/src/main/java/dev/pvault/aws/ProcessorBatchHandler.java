package dev.pvault.aws;

import dev.pvault.core.worker.JobOutcome;
import dev.pvault.core.worker.JobProcessor;
import dev.pvault.core.worker.QueuedJob;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a batch of jobs through a {@link JobProcessor} on a fixed pool of {@code concurrency} threads (the
 * embedder has its own threads; keep this small). On a FIFO queue the jobs of one message group run in
 * order on one thread and the group stops at its first failure, leaving the rest for redelivery.
 */
public final class ProcessorBatchHandler implements QueuePoller.BatchHandler, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessorBatchHandler.class);

    private final JobProcessor processor;
    private final boolean fifo;
    private final JobMetrics metrics;
    private final ExecutorService pool;
    private final AtomicInteger batches = new AtomicInteger();

    public ProcessorBatchHandler(JobProcessor processor, boolean fifo, int concurrency, JobMetrics metrics) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be >= 1, got " + concurrency);
        }
        this.processor = processor;
        this.fifo = fifo;
        this.metrics = metrics;
        AtomicInteger threads = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(concurrency, runnable -> {
            Thread thread = new Thread(runnable, "pvault-worker-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public Set<String> handle(List<QueuedJob> batch, Instant deadline) {
        // Lanes run in parallel; the jobs within one lane run in order (a FIFO group, or a single job).
        Map<String, List<QueuedJob>> lanes = new LinkedHashMap<>();
        for (QueuedJob job : batch) {
            String lane = fifo ? job.groupId().orElse("") : job.messageId();
            lanes.computeIfAbsent(lane, k -> new ArrayList<>()).add(job);
        }
        List<Future<List<Result>>> futures = new ArrayList<>();
        for (List<QueuedJob> lane : lanes.values()) {
            futures.add(pool.submit(() -> runLane(lane, deadline)));
        }
        Set<String> failed = new HashSet<>();
        List<JobOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < futures.size(); i++) {
            try {
                for (Result result : futures.get(i).get()) {
                    result.outcome().ifPresent(outcomes::add);
                    if (result.outcome().map(o -> !o.succeeded()).orElse(true)) {
                        failed.add(result.job().messageId());
                    }
                }
            } catch (ExecutionException e) {
                List<QueuedJob> lane = new ArrayList<>(lanes.values()).get(i);
                lane.forEach(job -> failed.add(job.messageId()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                batch.forEach(job -> failed.add(job.messageId()));
                break;
            }
        }
        metrics.publish(processor.modelId(), batches.getAndIncrement() == 0, outcomes, failed.size());
        return failed;
    }

    /** A job and what became of it; no outcome when it was not started (FIFO, after a failure). */
    private record Result(QueuedJob job, Optional<JobOutcome> outcome) {}

    private List<Result> runLane(List<QueuedJob> lane, Instant deadline) {
        List<Result> results = new ArrayList<>(lane.size());
        boolean stopped = false;
        for (QueuedJob job : lane) {
            if (stopped) {
                results.add(new Result(job, Optional.empty()));
                continue;
            }
            JobOutcome outcome = processor.process(job.body(), deadline);
            OutcomeLog.log(LOG, job.messageId(), Integer.toString(job.receiveCount()), outcome);
            results.add(new Result(job, Optional.of(outcome)));
            stopped = fifo && !outcome.succeeded();
        }
        return results;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
