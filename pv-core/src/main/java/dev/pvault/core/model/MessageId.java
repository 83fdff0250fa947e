package dev.pvault.core.model;

import dev.pvault.core.UserException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A keyed, content-derived message id: 16 bytes, written as 32 lowercase hex digits.
 *
 * <p>Ids come from {@link dev.pvault.core.crypto.MessageIdKey}; the same message always gets the same id,
 * and without the user's key nobody can compute the id of a guessed text.
 */
public final class MessageId implements Comparable<MessageId> {
    public static final int LENGTH = 16;
    private static final HexFormat HEX = HexFormat.of();

    private final byte[] bytes;

    private MessageId(byte[] bytes) {
        this.bytes = bytes;
    }

    public static MessageId of(byte[] bytes) {
        if (bytes == null || bytes.length != LENGTH) {
            throw new UserException(
                    "a message id is " + LENGTH + " bytes, got " + (bytes == null ? "none" : bytes.length));
        }
        return new MessageId(bytes.clone());
    }

    public static MessageId parse(String hex) {
        if (hex == null || hex.length() != 2 * LENGTH || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new UserException("a message id is " + 2 * LENGTH + " hex digits, got "
                    + (hex == null ? "none" : hex.length() + " characters"));
        }
        return new MessageId(HEX.parseHex(hex));
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    public String hex() {
        return HEX.formatHex(bytes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MessageId that && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public int compareTo(MessageId other) {
        return Arrays.compareUnsigned(bytes, other.bytes);
    }

    /** The id is not secret (it is stored beside the sealed vector), so it may appear in logs. */
    @Override
    public String toString() {
        return hex();
    }
}
