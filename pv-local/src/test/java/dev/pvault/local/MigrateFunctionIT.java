package dev.pvault.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pvault.aws.WorkerConfig;
import dev.pvault.core.worker.TestVault;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The deployment's migration step as Lambda runs it: deploy/aws/template.yaml's MigrateFunction (the
 * Lambda jar, handler {@code dev.pvault.aws.MigrateDatabase::handleRequest}, its variables) under the real
 * runtime client, against an empty database: it creates the schema the worker, which runs with {@code
 * PV_DB_MIGRATE=false}, expects; a second invocation finds it up to date and changes nothing.
 */
class MigrateFunctionIT {
    @Test
    void migrateFunction_createsTheSchemaOfAnEmptyDatabase_andIsIdempotent() throws Exception {
        LocalCloud cloud = SharedCloud.get();
        LocalCloud.Postgres postgres = cloud.postgres();
        String database = "pv_migrate_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection admin = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), "");
                Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + database);
        }
        String url = postgres.jdbcUrl().substring(0, postgres.jdbcUrl().lastIndexOf('/') + 1) + database;
        TestVault vault = new TestVault(WorkerConfig.DEFAULT_EMBEDDER);
        Map<String, String> env = new HashMap<>(TemplateEnvironment.of(
                "MigrateFunction",
                cloud,
                vault.workerKeys(),
                WorkerConfig.DEFAULT_EMBEDDER,
                Files.createTempDirectory(cloud.home(), "lambda-tmp")));
        env.put(WorkerConfig.DB_URL, url);
        assertThat(env).containsEntry(WorkerConfig.DB_MIGRATE, "true");

        try (LambdaRuntimeApi api = LambdaRuntimeApi.start();
                LambdaProcess function = LambdaProcess.start(
                        api,
                        LambdaProcess.Launch.onDemand(env)
                                .withHandler("dev.pvault.aws.MigrateDatabase::handleRequest"))) {
            for (int invocation = 0; invocation < 2; invocation++) {
                LambdaRuntimeApi.Result result = api.invoke("{}", Duration.ofMinutes(2), Duration.ofSeconds(90));

                assertThat(result).as(function.output()).isInstanceOf(LambdaRuntimeApi.Response.class);
                assertThat(((LambdaRuntimeApi.Response) result).body())
                        .startsWith("\"schema of " + url + " is up to date");
            }
        }
        try (Connection connection = DriverManager.getConnection(url, postgres.user(), "");
                Statement statement = connection.createStatement();
                ResultSet tables = statement.executeQuery("SELECT count(*) FROM information_schema.tables"
                        + " WHERE table_schema = 'public' AND table_name IN ('jobs', 'vectors')")) {
            tables.next();
            assertThat(tables.getInt(1)).isEqualTo(2);
        }
    }
}
