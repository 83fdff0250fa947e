package dev.pvault.core.api;

import dev.pvault.core.crypto.RecipientPublicKey;
import java.util.Objects;
import java.util.Set;

/**
 * What a client needs to know of the service's worker: its current public key (new jobs wrap their batch key
 * to it) and the models it embeds with (a client embeds its queries with the same one).
 */
public record WorkerInfo(RecipientPublicKey publicKey, Set<String> models) {
    public WorkerInfo {
        Objects.requireNonNull(publicKey, "publicKey");
        models = Set.copyOf(models);
    }
}
