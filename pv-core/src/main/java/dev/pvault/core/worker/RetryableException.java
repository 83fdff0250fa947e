package dev.pvault.core.worker;

import dev.pvault.core.UnavailableException;

/**
 * A failure that may pass on its own: the database is down or busy, a service throttled or timed out.
 * The job is handed back to its queue and tried again; after the queue's {@code maxReceiveCount} it goes
 * to the dead-letter queue like any other failure.
 *
 * <p>Adapters throw it with a message that names the operation and the cause's class and state (an SQL
 * state, an HTTP status), never a payload.
 */
public class RetryableException extends UnavailableException {
    private static final long serialVersionUID = 1L;

    public RetryableException(String message) {
        super(message);
    }

    public RetryableException(String message, Throwable cause) {
        super(message, cause);
    }
}
