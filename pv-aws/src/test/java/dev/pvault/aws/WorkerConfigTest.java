package dev.pvault.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pvault.core.VaultException;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkerConfigTest {
    private static Map<String, String> minimal() {
        Map<String, String> env = new HashMap<>();
        env.put("PV_BUCKET", "vault-batches");
        env.put("PV_DB_URL", "jdbc:postgresql://db:5432/pvault");
        env.put("PV_WORKER_KEYS_SECRET_ID", "arn:aws:secretsmanager:eu-west-1:1:secret:keys");
        return env;
    }

    @Test
    void fromEnvironment_appliesDefaults() {
        WorkerConfig config = WorkerConfig.fromEnvironment(minimal());

        assertThat(config.bucket()).isEqualTo("vault-batches");
        assertThat(config.embedder()).isEqualTo(WorkerConfig.DEFAULT_EMBEDDER);
        assertThat(config.queueUrl()).isEmpty();
        assertThat(config.dbPoolSize()).isEqualTo(2);
        assertThat(config.dbMigrate()).isTrue();
        assertThat(config.handback()).isEqualTo(Duration.ofSeconds(20));
        assertThat(config.s3Endpoint()).isEmpty();
    }

    @Test
    void fromEnvironment_readsEveryVariable() {
        Map<String, String> env = minimal();
        env.put("PV_QUEUE_URL", "http://127.0.0.1:9324/000000000000/pvault-jobs");
        env.put("PV_EMBEDDER", "onnx:bge-small-en-v1.5-q");
        env.put("PV_DB_POOL_SIZE", "4");
        env.put("PV_DB_MIGRATE", "false");
        env.put("PV_S3_ENDPOINT", "http://127.0.0.1:4566");
        env.put("PV_HANDBACK_MS", "30000");
        env.put("AWS_REGION", "eu-west-1");

        WorkerConfig config = WorkerConfig.fromEnvironment(env);

        assertThat(config.queueUrl()).contains("http://127.0.0.1:9324/000000000000/pvault-jobs");
        assertThat(config.embedder()).isEqualTo("onnx:bge-small-en-v1.5-q");
        assertThat(config.dbPoolSize()).isEqualTo(4);
        assertThat(config.dbMigrate()).isFalse();
        assertThat(config.s3Endpoint()).contains(URI.create("http://127.0.0.1:4566"));
        assertThat(config.handback()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.region()).contains("eu-west-1");
    }

    @Test
    void fromEnvironment_failsWithTheVariablesName() {
        Map<String, String> noBucket = minimal();
        noBucket.remove("PV_BUCKET");
        assertThatThrownBy(() -> WorkerConfig.fromEnvironment(noBucket))
                .isInstanceOf(VaultException.class)
                .hasMessageContaining("PV_BUCKET");

        Map<String, String> badNumber = minimal();
        badNumber.put("PV_DB_POOL_SIZE", "lots");
        assertThatThrownBy(() -> WorkerConfig.fromEnvironment(badNumber)).hasMessageContaining("PV_DB_POOL_SIZE");

        Map<String, String> bothKeys = minimal();
        bothKeys.put("PV_WORKER_KEYS_FILE", "/tmp/keys.json");
        assertThatThrownBy(() -> WorkerConfig.fromEnvironment(bothKeys)).hasMessageContaining("exactly one");

        Map<String, String> badUrl = minimal();
        badUrl.put("PV_SQS_ENDPOINT", "localhost");
        assertThatThrownBy(() -> WorkerConfig.fromEnvironment(badUrl)).hasMessageContaining("PV_SQS_ENDPOINT");
    }

    @Test
    void toString_hidesThePassword() {
        Map<String, String> env = minimal();
        env.put("PV_DB_PASSWORD", "correct horse battery staple");

        assertThat(WorkerConfig.fromEnvironment(env).toString())
                .doesNotContain("horse")
                .contains("<redacted>");
    }

    @Test
    void names_listEveryConstant() throws Exception {
        for (var field : WorkerConfig.class.getFields()) {
            if (field.getType() == String.class && ((String) field.get(null)).startsWith("PV_")) {
                assertThat(WorkerConfig.NAMES).contains((String) field.get(null));
            }
        }
    }
}
