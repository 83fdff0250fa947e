package dev.pvault.service;

import dev.pvault.core.crypto.EnvelopeException;
import dev.pvault.core.crypto.JobDocument;
import dev.pvault.core.worker.JobQueue;
import dev.pvault.core.worker.QueuedJob;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Looks into the dead-letter queue without emptying it. SQS has no "peek": messages are received with a
 * short visibility timeout until none is left, then made visible again at once, so a {@code dlq redrive}
 * right after a {@code dlq list} finds them all.
 */
final class DeadLetters {
    private static final Duration HIDE_WHILE_LISTING = Duration.ofSeconds(30);
    private static final int LIMIT = 100_000;

    /** A message of the dead-letter queue and the job it carries (empty when the body is not a job). */
    record Dead(QueuedJob message, Optional<JobDocument> job) {}

    private DeadLetters() {}

    static List<Dead> list(JobQueue deadLetters) {
        List<QueuedJob> seen = receiveAll(deadLetters);
        for (QueuedJob message : seen) {
            deadLetters.release(message);
        }
        return seen.stream().map(DeadLetters::parse).toList();
    }

    /**
     * Takes every dead message {@code take} accepts and hands it to {@code action}, then deletes it; the
     * rest are made visible again. Returns what was taken.
     */
    static List<Dead> take(JobQueue deadLetters, Predicate<Dead> take, java.util.function.Consumer<Dead> action) {
        List<Dead> taken = new ArrayList<>();
        for (QueuedJob message : receiveAll(deadLetters)) {
            Dead dead = parse(message);
            if (take.test(dead)) {
                action.accept(dead);
                deadLetters.delete(message);
                taken.add(dead);
            } else {
                deadLetters.release(message);
            }
        }
        return taken;
    }

    private static List<QueuedJob> receiveAll(JobQueue queue) {
        List<QueuedJob> all = new ArrayList<>();
        while (all.size() < LIMIT) {
            // A short poll: the vault's queues are ElasticMQ's, which answers one from all its messages. Amazon
            // SQS answers a short poll from a sample of its servers and may return nothing while messages wait;
            // a client listing a real SQS dead-letter queue must long-poll (1 s more for every status) or read
            // ApproximateNumberOfMessages first.
            List<QueuedJob> batch = queue.receive(10, Duration.ZERO, HIDE_WHILE_LISTING);
            if (batch.isEmpty()) {
                break;
            }
            all.addAll(batch);
        }
        return all;
    }

    private static Dead parse(QueuedJob message) {
        try {
            return new Dead(message, Optional.of(JobDocument.parse(message.body())));
        } catch (EnvelopeException e) {
            return new Dead(message, Optional.empty());
        }
    }
}
