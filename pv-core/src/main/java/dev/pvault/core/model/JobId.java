package dev.pvault.core.model;

import java.util.Objects;
import java.util.UUID;

/** Identifies one embedding job (one batch sent to a worker). Encoded as 16 bytes in key-wrap contexts. */
public record JobId(UUID value) {
    public JobId {
        Objects.requireNonNull(value, "value");
    }

    public static JobId random() {
        return new JobId(UUID.randomUUID());
    }

    public static JobId parse(String text) {
        return new JobId(Uuids.parse(text, "job id"));
    }

    public byte[] bytes() {
        return Uuids.toBytes(value);
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
