package dev.pvault.aws;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.pvault.core.embed.Embedder;
import dev.pvault.core.embed.EmbeddingPurpose;
import dev.pvault.core.embed.Embeddings;
import dev.pvault.core.model.JobId;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * The deployment's migration step: brings the database schema up to date (Flyway, pv-store-postgres's
 * migrations), so the embed function can run with {@code PV_DB_MIGRATE=false} and skip the schema check
 * on its first job (Flyway's check cost the first job of a cold start about a second, LambdaColdStartIT).
 * deploy/aws/template.yaml deploys it as {@code MigrateFunction} (same jar, the worker's variables); run it
 * once after each deploy that brings a new version ({@code aws lambda invoke}), or as {@code java -cp
 * pv-aws-lambda.jar dev.pvault.aws.MigrateDatabase} with the same variables.
 *
 * <p>It reads the worker's configuration with {@code PV_DB_MIGRATE} forced on, and opens the store exactly
 * as the worker does (the same login from {@code PV_DB_SECRET_ID} or {@code PV_DB_USER}/{@code
 * PV_DB_PASSWORD}, the same settings), with no model: it embeds nothing and reads no worker key.
 */
public final class MigrateDatabase implements RequestHandler<Map<String, Object>, String> {
    /** A job id no job has: looking it up makes the store connect and migrate, and changes nothing. */
    private static final JobId PROBE = new JobId(new UUID(0, 0));

    @Override
    public String handleRequest(Map<String, Object> event, Context context) {
        return migrate(System.getenv());
    }

    public static void main(String[] args) {
        System.out.println(migrate(System.getenv()));
    }

    /** Migrates the database {@code env} names; returns a one-line summary. */
    static String migrate(Map<String, String> env) {
        Map<String, String> migrating = new HashMap<>(env);
        migrating.put(WorkerConfig.DB_MIGRATE, "true");
        WorkerConfig config = WorkerConfig.fromEnvironment(migrating);
        long start = System.nanoTime();
        try (WorkerRuntime runtime = WorkerRuntime.start(
                config, DefaultCredentialsProvider.builder().build(), InstantSource.system(), new NoModel())) {
            runtime.store().job(PROBE);
        }
        return "schema of " + config.dbUrl() + " is up to date (" + (System.nanoTime() - start) / 1_000_000 + " ms)";
    }

    /** The runtime's embedder slot, for a step that embeds nothing. */
    private static final class NoModel implements Embedder {
        @Override
        public String modelId() {
            return "none";
        }

        @Override
        public int dimension() {
            return 0;
        }

        @Override
        public Embeddings embed(List<String> texts, EmbeddingPurpose purpose) {
            throw new IllegalStateException("the migration step embeds nothing");
        }
    }
}
