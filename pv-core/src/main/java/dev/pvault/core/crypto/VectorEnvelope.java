package dev.pvault.core.crypto;

import dev.pvault.core.model.MessageId;
import dev.pvault.core.model.UserId;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.util.Arrays;

/**
 * Seals one embedding vector under a job's result key (docs/FORMAT.md, "Sealed vector"):
 * {@code version u8 = 1 || dimension u16 || nonce (12) || AES-256-GCM(float32 little-endian components) ||
 * tag (16)}, with associated data binding the version, dimension, user id, message id and model id. A vector moved to another message, user
 * or model no longer opens.
 */
public final class VectorEnvelope {
    public static final int VERSION = 1;
    static final String AAD_LABEL = "pvault/v1/vector";
    /** 16,384 floats is far above any embedding model (and fits the u16 dimension field). */
    public static final int MAX_DIMENSION = 16_384;

    static final int HEADER_LENGTH = 3;

    private VectorEnvelope() {}

    public static byte[] seal(float[] vector, UserId user, MessageId message, String modelId, DataKey resultKey) {
        if (vector.length == 0 || vector.length > MAX_DIMENSION) {
            throw new MalformedEnvelopeException(
                    "a vector has 1.." + MAX_DIMENSION + " dimensions, got " + vector.length);
        }
        byte[] plain = toBytes(vector);
        try {
            byte[] sealed = resultKey.seal(plain, aad(vector.length, user, message, modelId));
            byte[] out = new byte[HEADER_LENGTH + sealed.length];
            out[0] = VERSION;
            out[1] = (byte) (vector.length >>> 8);
            out[2] = (byte) vector.length;
            System.arraycopy(sealed, 0, out, HEADER_LENGTH, sealed.length);
            return out;
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    public static float[] open(byte[] sealed, UserId user, MessageId message, String modelId, DataKey resultKey) {
        String what = "vector of message " + message + " (model " + modelId + ")";
        if (sealed == null || sealed.length == 0) {
            throw new EmptyEnvelopeException(what + ": sealed vector is empty");
        }
        if ((sealed[0] & 0xff) != VERSION) {
            throw new UnsupportedFormatVersionException(
                    what + ": format version " + (sealed[0] & 0xff) + ", this build reads " + VERSION);
        }
        if (sealed.length < HEADER_LENGTH) {
            throw new TruncatedEnvelopeException(
                    what + ": " + sealed.length + " bytes, the header alone is " + HEADER_LENGTH);
        }
        int dimension = ((sealed[1] & 0xff) << 8) | (sealed[2] & 0xff);
        if (dimension == 0 || dimension > MAX_DIMENSION) {
            throw new MalformedEnvelopeException(what + ": dimension " + dimension + " is outside 1.." + MAX_DIMENSION);
        }
        int expected = HEADER_LENGTH + DataKey.NONCE_LENGTH + dimension * Float.BYTES + DataKey.TAG_LENGTH;
        if (sealed.length < expected) {
            throw new TruncatedEnvelopeException(
                    what + ": " + sealed.length + " bytes, a " + dimension + "-dimension vector needs " + expected);
        }
        if (sealed.length > expected) {
            throw new MalformedEnvelopeException(
                    what + ": " + sealed.length + " bytes, a " + dimension + "-dimension vector has " + expected);
        }
        byte[] plain;
        try {
            plain = resultKey.open(
                    Arrays.copyOfRange(sealed, HEADER_LENGTH, sealed.length), aad(dimension, user, message, modelId));
        } catch (GeneralSecurityException e) {
            throw new AuthenticationFailedException(what + ": " + sealed.length
                    + " bytes did not authenticate (altered, or bound to another user, message or model)");
        }
        try {
            float[] vector = new float[dimension];
            ByteBuffer.wrap(plain)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .asFloatBuffer()
                    .get(vector);
            return vector;
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    static byte[] aad(int dimension, UserId user, MessageId message, String modelId) {
        return WrapContexts.label(AAD_LABEL)
                .putByte(VERSION)
                .putByte(dimension >>> 8)
                .putByte(dimension & 0xff)
                .put(user.bytes())
                .put(message.bytes())
                .putString(modelId)
                .bytes();
    }

    private static byte[] toBytes(float[] vector) {
        ByteBuffer buffer = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(vector);
        return buffer.array();
    }
}
