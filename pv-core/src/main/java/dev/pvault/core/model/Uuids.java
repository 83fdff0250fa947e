package dev.pvault.core.model;

import dev.pvault.core.UserException;
import java.nio.ByteBuffer;
import java.util.UUID;
import java.util.regex.Pattern;

/** UUID text and byte forms shared by the id records. */
public final class Uuids {
    // The canonical lowercase form only: ids appear in object keys, where two spellings of one id would be two objects.
    private static final Pattern CANONICAL =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private Uuids() {}

    static UUID parse(String text, String what) {
        if (text == null || !CANONICAL.matcher(text).matches()) {
            throw new UserException("not a valid " + what + " (expected a lowercase UUID, "
                    + (text == null ? "got nothing" : "got " + text.length() + " characters") + ")");
        }
        return UUID.fromString(text);
    }

    public static byte[] toBytes(UUID uuid) {
        return ByteBuffer.allocate(16)
                .putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits())
                .array();
    }

    public static UUID fromBytes(byte[] bytes, int offset) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, 16);
        return new UUID(buffer.getLong(), buffer.getLong());
    }
}
