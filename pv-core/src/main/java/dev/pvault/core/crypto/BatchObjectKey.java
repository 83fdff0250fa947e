package dev.pvault.core.crypto;

import dev.pvault.core.model.BatchId;
import dev.pvault.core.model.UserId;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Where a sealed batch lives in the blob store: {@code v1/{userId}/batches/{batchId}.pvb}. */
public record BatchObjectKey(UserId userId, BatchId batchId) {
    private static final Pattern FORM = Pattern.compile("v1/([0-9a-f-]{36})/batches/([0-9a-f-]{36})\\.pvb");

    public static BatchObjectKey parse(String key) {
        Matcher matcher = key == null ? null : FORM.matcher(key);
        if (matcher == null || !matcher.matches()) {
            throw new MalformedEnvelopeException("object key is not of the form v1/{userId}/batches/{batchId}.pvb ("
                    + (key == null ? "none" : key.length() + " characters") + ")");
        }
        try {
            return new BatchObjectKey(UserId.parse(matcher.group(1)), BatchId.parse(matcher.group(2)));
        } catch (RuntimeException e) {
            throw new MalformedEnvelopeException("object key holds an invalid id: " + e.getMessage());
        }
    }

    /** The prefix under which every batch of {@code user} lives. */
    public static String prefixOf(UserId user) {
        return "v1/" + user + "/batches/";
    }

    public String key() {
        return prefixOf(userId) + batchId + ".pvb";
    }

    @Override
    public String toString() {
        return key();
    }
}
