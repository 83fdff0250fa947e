package dev.pvault.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.pvault.aws.WorkerConfig;
import dev.pvault.core.crypto.WorkerKeyring;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The function's environment as {@code deploy/aws/template.yaml} sets it, pointed at a {@link LocalCloud}:
 * the template's literal values (hand-back, pool size, migration, JVM options) as deployed, and in place of
 * what the template takes from other resources ({@code !Ref}: bucket, secrets, database) the loopback
 * services, the keyring in a private file and the cloud's credentials.
 */
final class TemplateEnvironment {
    private static final Path TEMPLATE =
            Path.of(System.getProperty("pv.repo.dir", ".."), "deploy", "aws", "template.yaml");

    /** Set from other resources or parameters in the template: replaced here by the local cloud's. */
    private static final Set<String> FROM_RESOURCES = Set.of(
            WorkerConfig.BUCKET,
            WorkerConfig.EMBEDDER,
            WorkerConfig.KEYS_SECRET_ID,
            WorkerConfig.DB_URL,
            WorkerConfig.DB_SECRET_ID);

    private TemplateEnvironment() {}

    /** The template's variables of the embed function, as YAML scalars (intrinsics read as their argument). */
    static Map<String, String> templateVariables() {
        return templateVariables("EmbedFunction");
    }

    /** The template's variables of {@code function} (a resource name), as YAML scalars. */
    static Map<String, String> templateVariables(String function) {
        try {
            JsonNode template = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(TEMPLATE));
            JsonNode variables = template.path("Resources")
                    .path(function)
                    .path("Properties")
                    .path("Environment")
                    .path("Variables");
            Map<String, String> env = new HashMap<>();
            variables
                    .fields()
                    .forEachRemaining(
                            field -> env.put(field.getKey(), field.getValue().asText()));
            return env;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + TEMPLATE.toAbsolutePath(), e);
        }
    }

    /** The environment of a function on {@code cloud} embedding with {@code embedder}, caching under {@code cache}. */
    static Map<String, String> of(LocalCloud cloud, WorkerKeyring keyring, String embedder, Path cache) {
        return of("EmbedFunction", cloud, keyring, embedder, cache);
    }

    /** As {@link #of(LocalCloud, WorkerKeyring, String, Path)}, for the template's function {@code function}. */
    static Map<String, String> of(
            String function, LocalCloud cloud, WorkerKeyring keyring, String embedder, Path cache) {
        Map<String, String> env = new HashMap<>(templateVariables(function));
        env.keySet().removeAll(FROM_RESOURCES);
        Map<String, String> local = new HashMap<>(CloudWorker.environment(cloud, keyring, embedder));
        // The function is handed its records: it has no queue URL (the template sets none).
        local.remove(WorkerConfig.QUEUE_URL);
        // The template's hand-back, not the local runner's.
        local.remove(WorkerConfig.HANDBACK_MS);
        env.putAll(local);
        env.put("PV_CACHE_DIR", cache.toString());
        env.put("AWS_ACCESS_KEY_ID", LocalCloud.ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", LocalCloud.SECRET_KEY);
        env.put("AWS_REGION", cloud.settings().region());
        env.put("AWS_DEFAULT_REGION", cloud.settings().region());
        return env;
    }
}
