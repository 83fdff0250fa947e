package dev.pvault.core.crypto;

import com.google.crypto.tink.subtle.Hkdf;
import dev.pvault.core.InternalException;
import dev.pvault.core.model.UserId;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Objects;

/**
 * What a user's device holds: the user id, the HPKE key pair that opens batches and result keys, the
 * message-id key, and the origin key derived from it that proves the user's batches and jobs are its own.
 * On disk only inside a {@link UserKeyFile}, sealed under the passphrase (the origin key is not stored).
 */
public final class UserKeys implements AutoCloseable {
    /** HKDF info of the key that seals the client's local search index (docs/FORMAT.md, "Search index key"). */
    static final String SEARCH_INDEX_INFO = "pvault/v1/search-index";

    private final UserId userId;
    private final RecipientKeyPair keyPair;
    private final MessageIdKey messageIdKey;
    private final OriginKey originKey;

    public UserKeys(UserId userId, RecipientKeyPair keyPair, MessageIdKey messageIdKey) {
        this.userId = Objects.requireNonNull(userId, "userId");
        this.keyPair = Objects.requireNonNull(keyPair, "keyPair");
        this.messageIdKey = Objects.requireNonNull(messageIdKey, "messageIdKey");
        this.originKey = OriginKey.derive(messageIdKey);
    }

    /** Fresh keys for a new vault. */
    public static UserKeys generate(UserId userId) {
        return new UserKeys(userId, RecipientKeyPair.generate(), MessageIdKey.generate());
    }

    public UserId userId() {
        return userId;
    }

    public RecipientKeyPair keyPair() {
        return keyPair;
    }

    public RecipientPublicKey publicKey() {
        return keyPair.publicKey();
    }

    public MessageIdKey messageIdKey() {
        return messageIdKey;
    }

    /**
     * The 32-byte key that seals this user's local search index: HKDF-SHA256 of the HPKE private key, salted with
     * the user id, under its own label, so it is independent of every other use of that key and needs nothing
     * stored beside it. The caller zeroes the copy it gets.
     */
    public byte[] searchIndexKey() {
        byte[] privateKey = keyPair.exportPrivateKey();
        try {
            return Hkdf.computeHkdf(
                    "HMACSHA256",
                    privateKey,
                    userId.bytes(),
                    SEARCH_INDEX_INFO.getBytes(StandardCharsets.US_ASCII),
                    DataKey.LENGTH);
        } catch (GeneralSecurityException e) {
            throw new InternalException("HKDF-SHA256 is not available in this JVM", e);
        } finally {
            Arrays.fill(privateKey, (byte) 0);
        }
    }

    /** Tags the user's own batches and job documents (format v2); derived from the message-id key. */
    public OriginKey originKey() {
        return originKey;
    }

    @Override
    public void close() {
        keyPair.close();
        messageIdKey.close();
        originKey.close();
    }

    @Override
    public String toString() {
        return "UserKeys[user=" + userId + ", keyId=" + keyPair.keyId() + ", secrets redacted]";
    }
}
