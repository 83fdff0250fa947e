package dev.pvault.core.worker;

import java.util.Objects;
import java.util.Optional;

/**
 * One received queue message: the job document as text, with what is needed to acknowledge or release it.
 *
 * @param messageId the queue's id of this message (what a partial batch response names)
 * @param receiptHandle the handle of this receive, needed to delete or release it
 * @param body the job document (JSON)
 * @param receiveCount how many times the queue has delivered it, this time included
 * @param groupId the FIFO message group, when the queue is FIFO
 */
public record QueuedJob(
        String messageId, String receiptHandle, String body, int receiveCount, Optional<String> groupId) {
    public QueuedJob {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(receiptHandle, "receiptHandle");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(groupId, "groupId");
    }

    /** The body is left out: it is not readable content, but logs are no place for key material of any kind. */
    @Override
    public String toString() {
        return "QueuedJob[messageId=" + messageId + ", receiveCount=" + receiveCount + ", " + body.length() + " chars"
                + groupId.map(g -> ", group=" + g).orElse("") + "]";
    }
}
