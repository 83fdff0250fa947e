package dev.pvault.core.crypto;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Collection;
import java.util.stream.Collectors;

/**
 * A data key wrapped to an HPKE recipient (docs/FORMAT.md, "Wrapped key"): 89 bytes,
 * {@code version (1) || recipient key id (8) || enc (32) || ciphertext (32) || tag (16)}.
 *
 * <p>The HPKE {@code info} is a context that names what the key is for (see {@link WrapContexts}); unwrap
 * with any other context fails authentication, which is what stops a wrapped key from being replayed
 * into another job, batch or user.
 */
final class WrappedKeys {
    static final int VERSION = 1;
    static final int LENGTH = 1 + KeyId.LENGTH + Hpke.ENCAPSULATED_KEY_LENGTH + DataKey.LENGTH + Hpke.TAG_LENGTH;

    private WrappedKeys() {}

    static byte[] wrap(DataKey key, RecipientPublicKey recipient, byte[] context) {
        byte[] plainKey = key.copyBytes();
        try {
            byte[] hpke = Hpke.seal(recipient, plainKey, context);
            byte[] out = new byte[LENGTH];
            out[0] = VERSION;
            System.arraycopy(recipient.keyId().bytes(), 0, out, 1, KeyId.LENGTH);
            System.arraycopy(hpke, 0, out, 1 + KeyId.LENGTH, hpke.length);
            return out;
        } finally {
            Arrays.fill(plainKey, (byte) 0);
        }
    }

    /** The recipient key id a wrapped key names, after the structural checks. */
    static KeyId recipientOf(byte[] wrapped, String what) {
        if (wrapped == null || wrapped.length == 0) {
            throw new EmptyEnvelopeException(what + ": wrapped key is empty");
        }
        if ((wrapped[0] & 0xff) != VERSION) {
            throw new UnsupportedFormatVersionException(
                    what + ": wrapped key format version " + (wrapped[0] & 0xff) + ", this build reads " + VERSION);
        }
        if (wrapped.length < LENGTH) {
            throw new TruncatedEnvelopeException(
                    what + ": wrapped key is " + wrapped.length + " bytes, expected " + LENGTH);
        }
        if (wrapped.length > LENGTH) {
            throw new MalformedEnvelopeException(
                    what + ": wrapped key is " + wrapped.length + " bytes, expected " + LENGTH);
        }
        return KeyId.fromBytes(wrapped, 1);
    }

    /** Unwraps with whichever of {@code candidates} the wrapped key names. */
    static DataKey unwrap(byte[] wrapped, Collection<RecipientKeyPair> candidates, byte[] context, String what) {
        KeyId recipient = recipientOf(wrapped, what);
        RecipientKeyPair keyPair = candidates.stream()
                .filter(candidate -> candidate.keyId().equals(recipient))
                .findFirst()
                .orElseThrow(() -> new WrongKeyException(what + ": sealed to key id " + recipient
                        + ", which is not held here (held: "
                        + candidates.stream().map(c -> c.keyId().hex()).collect(Collectors.joining(", ")) + ")"));
        byte[] hpke = Arrays.copyOfRange(wrapped, 1 + KeyId.LENGTH, LENGTH);
        byte[] plainKey = null;
        try {
            plainKey = keyPair.decrypter().decrypt(hpke, context);
            return DataKey.of(plainKey);
        } catch (GeneralSecurityException e) {
            throw new AuthenticationFailedException(what + ": wrapped key for key id " + recipient
                    + " did not authenticate (altered, or its bound context differs)");
        } finally {
            if (plainKey != null) {
                Arrays.fill(plainKey, (byte) 0);
            }
        }
    }
}
