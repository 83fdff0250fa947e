package dev.pvault.core.api;

import dev.pvault.core.crypto.RecipientPublicKey;
import dev.pvault.core.model.UserId;
import java.util.Objects;
import java.util.Optional;

/** The caller as the service knows them: the token's subject, and the public key registered for it. */
public record Me(UserId userId, Optional<RecipientPublicKey> publicKey) {
    public Me {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(publicKey, "publicKey");
    }
}
