package dev.pvault.core.model;

import java.util.Objects;
import java.util.UUID;

/** Identifies the owner of a vault. Encoded as 16 bytes in envelopes, as the canonical UUID string in text. */
public record UserId(UUID value) {
    public UserId {
        Objects.requireNonNull(value, "value");
    }

    public static UserId random() {
        return new UserId(UUID.randomUUID());
    }

    public static UserId parse(String text) {
        return new UserId(Uuids.parse(text, "user id"));
    }

    public byte[] bytes() {
        return Uuids.toBytes(value);
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
