package dev.pvault.core.worker;

import dev.pvault.core.model.JobId;
import dev.pvault.core.model.MessageId;
import java.util.Objects;

/** A sealed vector as stored: it opens with the result key of {@code jobId}, which only the user can unwrap. */
public record StoredVector(MessageId messageId, JobId jobId, byte[] sealed) {
    public StoredVector {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(jobId, "jobId");
        sealed = sealed.clone();
    }

    @Override
    public byte[] sealed() {
        return sealed.clone();
    }

    @Override
    public String toString() {
        return "StoredVector[" + messageId + ", job=" + jobId + ", " + sealed.length + " bytes sealed]";
    }
}
