package dev.pvault.core.crypto;

import dev.pvault.core.model.UserId;
import java.util.Objects;

/**
 * What a user's device holds: the user id, the HPKE key pair that opens batches and result keys, and the
 * message-id key. On disk only inside a {@link UserKeyFile}, sealed under the passphrase.
 */
public final class UserKeys implements AutoCloseable {
    private final UserId userId;
    private final RecipientKeyPair keyPair;
    private final MessageIdKey messageIdKey;

    public UserKeys(UserId userId, RecipientKeyPair keyPair, MessageIdKey messageIdKey) {
        this.userId = Objects.requireNonNull(userId, "userId");
        this.keyPair = Objects.requireNonNull(keyPair, "keyPair");
        this.messageIdKey = Objects.requireNonNull(messageIdKey, "messageIdKey");
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

    @Override
    public void close() {
        keyPair.close();
        messageIdKey.close();
    }

    @Override
    public String toString() {
        return "UserKeys[user=" + userId + ", keyId=" + keyPair.keyId() + ", secrets redacted]";
    }
}
