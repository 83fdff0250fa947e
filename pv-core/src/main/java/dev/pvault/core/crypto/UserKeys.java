package dev.pvault.core.crypto;

import dev.pvault.core.model.UserId;
import java.util.Objects;

/**
 * What a user's device holds: the user id, the HPKE key pair that opens batches and result keys, the
 * message-id key, and the origin key derived from it that proves the user's batches and jobs are its own.
 * On disk only inside a {@link UserKeyFile}, sealed under the passphrase (the origin key is not stored).
 */
public final class UserKeys implements AutoCloseable {
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
