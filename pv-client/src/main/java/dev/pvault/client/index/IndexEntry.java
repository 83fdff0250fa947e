package dev.pvault.client.index;

import dev.pvault.core.InternalException;
import dev.pvault.core.model.ChatMessage;
import dev.pvault.core.model.JobId;
import java.util.Objects;

/**
 * One message as the index holds it: the opened message (its id, chat, sender, time and text), the job whose result
 * holds its vector, and the vector (L2-normalised, the model's dimension). {@link #toString()} shows neither.
 */
public record IndexEntry(JobId job, ChatMessage message, float[] vector) {
    public IndexEntry {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(vector, "vector");
        if (vector.length == 0) {
            throw new InternalException("message " + message.id() + " has an empty vector");
        }
    }

    @Override
    public String toString() {
        return "IndexEntry[id=" + message.id() + ", job=" + job + ", dimension=" + vector.length
                + ", content redacted]";
    }
}
