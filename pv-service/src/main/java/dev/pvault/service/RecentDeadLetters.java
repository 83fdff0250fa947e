package dev.pvault.service;

import dev.pvault.core.worker.JobQueue;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * The dead-letter queue's contents, looked at once and reused for a short while. SQS has no peek: each look
 * receives every message and makes it visible again, a few round trips that every status call would pay, and a
 * waiting client asks for its status several times a second. What is reused is a listing of job documents (ids
 * and wrapped keys only), shared by all callers, each of whom sees only their own.
 */
final class RecentDeadLetters {
    private record Look(List<DeadLetters.Dead> letters, long at) {}

    private final Supplier<JobQueue> queue;
    private final long reuseNanos;
    private volatile Look last;

    RecentDeadLetters(Supplier<JobQueue> queue, Duration reuse) {
        this.queue = queue;
        this.reuseNanos = reuse.toNanos();
    }

    /** What the dead-letter queue holds, at most the reuse period old. */
    List<DeadLetters.Dead> list() {
        Look look = last;
        long now = System.nanoTime();
        if (look == null || now - look.at() >= reuseNanos) {
            look = new Look(DeadLetters.list(queue.get()), now);
            last = look;
        }
        return look.letters();
    }

    /** Forgets the last look: the caller is about to change the queue. */
    void forget() {
        last = null;
    }
}
