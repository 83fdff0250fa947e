package dev.pvault.aws;

import dev.pvault.core.worker.JobOutcome;
import org.slf4j.Logger;

/**
 * One log line per job outcome, at the boundary that decides what happens to the queue message (the
 * function, the poller). Names the job, the queue message, counts and the content-free reason; never a body.
 */
final class OutcomeLog {
    private OutcomeLog() {}

    static void log(Logger log, String messageId, String receiveCount, JobOutcome outcome) {
        String job = outcome.jobId().map(Object::toString).orElse("(unreadable)");
        switch (outcome) {
            case JobOutcome.Stored s
            when s.alreadyDone() ->
                log.info("job {} was already done (message {}, receive {})", job, messageId, receiveCount);
            case JobOutcome.Stored s ->
                log.info(
                        "job {} stored: {} embedded, {} already present, {} skipped in {} ms (message {}, receive {})",
                        job,
                        s.embedded(),
                        s.alreadyPresent(),
                        s.skipped(),
                        s.elapsed().toMillis(),
                        messageId,
                        receiveCount);
            case JobOutcome.Retry r ->
                log.warn(
                        "job {} will be retried (message {}, receive {}): {}",
                        job,
                        messageId,
                        receiveCount,
                        withoutJobPrefix(r.reason(), job));
            case JobOutcome.Poison p ->
                log.error(
                        "job {} is poison (message {}, receive {}): {}",
                        job,
                        messageId,
                        receiveCount,
                        withoutJobPrefix(p.reason(), job));
        }
    }

    /** Reasons start with "job ID: " for the job row; the log line names the job already. */
    private static String withoutJobPrefix(String reason, String job) {
        String prefix = "job " + job + ": ";
        return reason.startsWith(prefix) ? reason.substring(prefix.length()) : reason;
    }
}
