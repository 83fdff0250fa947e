package dev.pvault.core.worker;

import dev.pvault.core.model.MessageId;
import java.util.Objects;

/** A vector a job made: the message it belongs to and the vector sealed under the job's result key. */
public record NewVector(MessageId messageId, byte[] sealed) {
    public NewVector {
        Objects.requireNonNull(messageId, "messageId");
        sealed = sealed.clone();
    }

    @Override
    public byte[] sealed() {
        return sealed.clone();
    }

    @Override
    public String toString() {
        return "NewVector[" + messageId + ", " + sealed.length + " bytes sealed]";
    }
}
