package dev.pvault.core.worker;

import dev.pvault.core.UnavailableException;
import dev.pvault.core.crypto.JobDocument;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A {@link JobQueue} in memory that keeps SQS's rules as {@link SqsJobQueue} on ElasticMQ shows them (both pass
 * the JobQueue contract tests): 1 to 10 jobs a receive; waits and visibility timeouts in whole seconds (a wait of at
 * most 20 s, a timeout of at least 1 s); a new receipt handle per receive, and only the latest one deletes or
 * releases; on a FIFO queue, one message group per user, delivered in the order sent and held back while any job of
 * it is in flight, and the job id deduplicates sends for five minutes.
 *
 * <p>Visibility and deduplication follow the clock passed in, so a test can move time on; waiting for a job to
 * arrive is real waiting, which a send or release cuts short.
 */
public final class InMemoryJobQueue implements JobQueue {
    private static final Duration DEDUPLICATION_INTERVAL = Duration.ofMinutes(5);

    /** One message; {@code receipt} is the handle of its latest receive, {@code visibleAt} when it may be received. */
    private static final class Message {
        final String id;
        final String body;
        final Optional<String> group;
        int receives;
        String receipt;
        Instant visibleAt;

        Message(String id, String body, Optional<String> group, Instant visibleAt) {
            this.id = id;
            this.body = body;
            this.group = group;
            this.visibleAt = visibleAt;
        }
    }

    private record Sent(String messageId, Instant at) {}

    private final boolean fifo;
    private final InstantSource clock;
    // In the order sent: FIFO order within a group, and a fair order across groups.
    private final Map<String, Message> messages = new LinkedHashMap<>();
    private final Map<String, Sent> sentJobs = new HashMap<>();
    /** The message ids deleted so far, in order (for tests of the consumers). */
    public final List<String> deleted = new ArrayList<>();

    public InMemoryJobQueue(boolean fifo) {
        this(fifo, InstantSource.system());
    }

    public InMemoryJobQueue(boolean fifo, InstantSource clock) {
        this.fifo = fifo;
        this.clock = clock;
    }

    @Override
    public synchronized String send(JobDocument job) {
        if (fifo) {
            Instant now = clock.instant();
            Sent earlier = sentJobs.get(job.jobId().toString());
            if (earlier != null && now.isBefore(earlier.at().plus(DEDUPLICATION_INTERVAL))) {
                return earlier.messageId();
            }
            String id = add(job.toJson(), Optional.of(job.userId().toString()));
            sentJobs.put(job.jobId().toString(), new Sent(id, now));
            return id;
        }
        return add(job.toJson(), Optional.empty());
    }

    /** Enqueues any body (one that is not a job, say); no deduplication. Returns the message id. */
    public synchronized String add(String body, Optional<String> group) {
        String id = UUID.randomUUID().toString();
        messages.put(id, new Message(id, body, group, clock.instant()));
        notifyAll();
        return id;
    }

    @Override
    public synchronized List<QueuedJob> receive(int max, Duration wait, Duration visibility) {
        if (max < 1 || max > JobQueue.MAX_BATCH) {
            throw new IllegalArgumentException("receive 1.." + JobQueue.MAX_BATCH + " messages, not " + max);
        }
        Duration visible = Duration.ofSeconds(Math.max(1, visibility.toSeconds()));
        long waitUntil =
                System.nanoTime() + TimeUnit.SECONDS.toNanos(Math.min(JobQueue.MAX_WAIT.toSeconds(), wait.toSeconds()));
        while (true) {
            List<QueuedJob> batch = take(max, visible);
            long left = waitUntil - System.nanoTime();
            if (!batch.isEmpty() || left <= 0) {
                return batch;
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return List.of();
            }
        }
    }

    private List<QueuedJob> take(int max, Duration visibility) {
        Instant now = clock.instant();
        Set<Optional<String>> groupsInFlight = new HashSet<>();
        if (fifo) {
            for (Message message : messages.values()) {
                if (message.visibleAt.isAfter(now)) {
                    groupsInFlight.add(message.group);
                }
            }
        }
        List<QueuedJob> batch = new ArrayList<>();
        for (Message message : messages.values()) {
            if (batch.size() == max) {
                break;
            }
            if (message.visibleAt.isAfter(now) || groupsInFlight.contains(message.group)) {
                continue;
            }
            message.receives++;
            message.receipt = message.id + "/" + UUID.randomUUID();
            message.visibleAt = now.plus(visibility);
            batch.add(new QueuedJob(message.id, message.receipt, message.body, message.receives, message.group));
        }
        return batch;
    }

    @Override
    public synchronized void delete(QueuedJob job) {
        messages.remove(current(job, "delete").id);
        deleted.add(job.messageId());
    }

    @Override
    public synchronized void release(QueuedJob job) {
        current(job, "release").visibleAt = clock.instant();
        notifyAll();
    }

    /** The message {@code job} was received as, if its receipt is the latest; else the error SQS gives. */
    private Message current(QueuedJob job, String operation) {
        Message message = messages.get(job.messageId());
        if (message == null || !job.receiptHandle().equals(message.receipt)) {
            throw new UnavailableException("in-memory queue: " + operation + " of message " + job.messageId()
                    + " failed: ReceiptHandleIsInvalid (deleted, or received again since)");
        }
        return message;
    }

    /** The visibility timeout ends now for everything in flight. */
    public synchronized void expireVisibility() {
        Instant now = clock.instant();
        for (Message message : messages.values()) {
            if (message.visibleAt.isAfter(now)) {
                message.visibleAt = now;
            }
        }
        notifyAll();
    }

    /** How many messages are in flight (received, neither deleted nor visible again). */
    public synchronized int inFlight() {
        Instant now = clock.instant();
        return (int) messages.values().stream()
                .filter(message -> message.visibleAt.isAfter(now))
                .count();
    }

    @Override
    public boolean fifo() {
        return fifo;
    }
}
