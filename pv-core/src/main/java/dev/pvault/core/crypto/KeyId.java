package dev.pvault.core.crypto;

import dev.pvault.core.InternalException;
import dev.pvault.core.UserException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Names an HPKE public key: the first 8 bytes of SHA-256 of its 32 raw bytes, written as 16 hex digits.
 *
 * <p>Derived, never assigned, so a key id can be checked against its key and needs no registry. Every
 * wrapped key carries its recipient's key id, which is how "sealed to someone else's key" is told apart
 * from "altered in transit".
 */
public final class KeyId {
    public static final int LENGTH = 8;
    private static final HexFormat HEX = HexFormat.of();

    private final byte[] bytes;

    private KeyId(byte[] bytes) {
        this.bytes = bytes;
    }

    static KeyId ofPublicKey(byte[] rawPublicKey) {
        return new KeyId(Arrays.copyOf(sha256(rawPublicKey), LENGTH));
    }

    static KeyId fromBytes(byte[] source, int offset) {
        return new KeyId(Arrays.copyOfRange(source, offset, offset + LENGTH));
    }

    public static KeyId parse(String hex) {
        if (hex == null || hex.length() != 2 * LENGTH || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new UserException("a key id is " + 2 * LENGTH + " hex digits, got "
                    + (hex == null ? "none" : hex.length() + " characters"));
        }
        return new KeyId(HEX.parseHex(hex));
    }

    byte[] bytes() {
        return bytes.clone();
    }

    public String hex() {
        return HEX.formatHex(bytes);
    }

    static byte[] sha256(byte[] input) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(input);
        } catch (NoSuchAlgorithmException e) {
            throw new InternalException("SHA-256 is not available in this JVM", e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof KeyId that && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return hex();
    }
}
