package dev.pvault.aws;

import dev.pvault.core.Lazy;
import dev.pvault.core.UserException;
import java.util.Objects;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The text of one Secrets Manager secret (an API key: the OpenAI embedder's, {@code PV_OPENAI_KEY_SECRET_ID}),
 * read on the first {@link #get()}, never at construction (a SnapStart snapshot must not hold it), and kept for
 * the life of the process: one read per container. A failed read is not kept: the next {@link #get()} tries
 * again. Neither the value nor a part of it reaches a log, an exception or {@link #toString()}.
 */
public final class CachedSecret implements Supplier<String> {
    private final SecretsManagerClient secrets;
    private final String secretId;
    private final Lazy<String> value;

    private CachedSecret(SecretsManagerClient secrets, String secretId) {
        this.secrets = Objects.requireNonNull(secrets, "secrets");
        this.secretId = Objects.requireNonNull(secretId, "secretId");
        this.value = new Lazy<>(this::read);
    }

    /** The secret {@code secretId} (a name or an ARN), as plain text ({@code SecretString}). */
    public static CachedSecret of(SecretsManagerClient secrets, String secretId) {
        return new CachedSecret(secrets, secretId);
    }

    @Override
    public String get() {
        return value.get();
    }

    private String read() {
        String text;
        try {
            text = secrets.getSecretValue(b -> b.secretId(secretId)).secretString();
        } catch (SdkException e) {
            throw AwsErrors.translate("reading secret " + secretId, e);
        }
        if (text == null || text.isBlank()) {
            throw new UserException("secret " + secretId + " holds no text (put the key as its SecretString)");
        }
        return text.strip();
    }

    @Override
    public String toString() {
        return "CachedSecret[" + secretId + (value.peek() == null ? ", not read" : ", read") + "]";
    }
}
