package dev.pvault.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pvault.core.UserException;
import dev.pvault.core.worker.RetryableException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

class CachedSecretTest {
    private static final String KEY = "sk-proj-0f3a9c";

    /** Answers each read with the next of {@code answers}: a value, or null for a throttled call. */
    private static final class ScriptedSecrets implements SecretsManagerClient {
        private final List<String> answers;
        private final List<String> asked = new ArrayList<>();
        private final AtomicInteger reads = new AtomicInteger();

        ScriptedSecrets(String... answers) {
            this.answers = new ArrayList<>(List.of(answers));
        }

        @Override
        public GetSecretValueResponse getSecretValue(GetSecretValueRequest request) {
            asked.add(request.secretId());
            String answer = answers.get(Math.min(reads.getAndIncrement(), answers.size() - 1));
            if (answer.equals("throttle")) {
                throw (SecretsManagerException) SecretsManagerException.builder()
                        .statusCode(429)
                        .awsErrorDetails(AwsErrorDetails.builder()
                                .errorCode("ThrottlingException")
                                .build())
                        .build();
            }
            return GetSecretValueResponse.builder().secretString(answer).build();
        }

        @Override
        public String serviceName() {
            return "secretsmanager";
        }

        @Override
        public void close() {}
    }

    @Test
    void get_readsTheSecretOnFirstUseOnly() {
        ScriptedSecrets secrets = new ScriptedSecrets(KEY + "\n");
        CachedSecret secret = CachedSecret.of(secrets, "pvault/openai-key");
        assertThat(secrets.reads).hasValue(0); // construction reads nothing: a SnapStart snapshot holds no key

        assertThat(secret.get()).isEqualTo(KEY);
        assertThat(secret.get()).isEqualTo(KEY);
        assertThat(secrets.reads).hasValue(1);
        assertThat(secrets.asked).containsExactly("pvault/openai-key");
        assertThat(secret.toString()).doesNotContain("sk-").contains("pvault/openai-key");
    }

    @Test
    void aFailedRead_isRetryableAndTriedAgainNextTime() {
        ScriptedSecrets secrets = new ScriptedSecrets("throttle", KEY);
        CachedSecret secret = CachedSecret.of(secrets, "pvault/openai-key");

        assertThatThrownBy(secret::get).isInstanceOf(RetryableException.class).hasMessageContaining("429");
        assertThat(secret.get()).isEqualTo(KEY);
    }

    @Test
    void anEmptySecret_isTheOperatorsToFix() {
        CachedSecret secret = CachedSecret.of(new ScriptedSecrets("  "), "pvault/openai-key");
        assertThatThrownBy(secret::get).isInstanceOf(UserException.class).hasMessageContaining("holds no text");
    }
}
