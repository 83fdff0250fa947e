package dev.pvault.core.crypto;

import java.nio.ByteBuffer;
import java.util.Arrays;

/** Reads a binary envelope front to back; running out of bytes is a {@link TruncatedEnvelopeException}. */
final class EnvelopeReader {
    private final byte[] bytes;
    private final String what;
    private int position;

    EnvelopeReader(byte[] bytes, String what) {
        this.bytes = bytes;
        this.what = what;
    }

    int position() {
        return position;
    }

    int remaining() {
        return bytes.length - position;
    }

    byte[] take(int length, String field) {
        need(length, field);
        byte[] out = Arrays.copyOfRange(bytes, position, position + length);
        position += length;
        return out;
    }

    int u8(String field) {
        need(1, field);
        return bytes[position++] & 0xff;
    }

    int u16(String field) {
        need(2, field);
        int value = ByteBuffer.wrap(bytes, position, 2).getShort() & 0xffff;
        position += 2;
        return value;
    }

    long u32(String field) {
        need(4, field);
        long value = ByteBuffer.wrap(bytes, position, 4).getInt() & 0xffffffffL;
        position += 4;
        return value;
    }

    void need(int length, String field) {
        if (remaining() < length) {
            throw new TruncatedEnvelopeException(what + " is truncated: " + field + " needs " + length
                    + " bytes at offset " + position + ", " + bytes.length + " bytes in all");
        }
    }
}
