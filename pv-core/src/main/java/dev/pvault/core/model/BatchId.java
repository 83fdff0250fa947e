package dev.pvault.core.model;

import java.util.Objects;
import java.util.UUID;

/** Identifies one sealed batch of messages. Encoded as 16 bytes in envelopes. */
public record BatchId(UUID value) {
    public BatchId {
        Objects.requireNonNull(value, "value");
    }

    public static BatchId random() {
        return new BatchId(UUID.randomUUID());
    }

    public static BatchId parse(String text) {
        return new BatchId(Uuids.parse(text, "batch id"));
    }

    public byte[] bytes() {
        return Uuids.toBytes(value);
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
