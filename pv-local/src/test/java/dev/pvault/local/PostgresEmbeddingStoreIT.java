package dev.pvault.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pvault.core.model.BatchId;
import dev.pvault.core.model.JobId;
import dev.pvault.core.model.UserId;
import dev.pvault.core.worker.EmbeddingStore;
import dev.pvault.core.worker.EmbeddingStoreContract;
import dev.pvault.core.worker.JobStatus;
import dev.pvault.core.worker.JobTicket;
import dev.pvault.core.worker.RetryableException;
import dev.pvault.store.postgres.PostgresEmbeddingStore;
import dev.pvault.store.postgres.PostgresSettings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The EmbeddingStore contract against real PostgreSQL (zonky's embedded binaries), plus what only it has. */
class PostgresEmbeddingStoreIT extends EmbeddingStoreContract {
    /** Flyway's record of what it applied, and every column of every table. */
    private static final String MIGRATIONS = "SELECT version || ' ' || checksum || ' ' || success"
            + " FROM flyway_schema_history ORDER BY installed_rank";

    private static final String COLUMNS = "SELECT table_name || '.' || column_name || ' ' || data_type"
            + " FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1";

    private static PostgresEmbeddingStore store;

    @BeforeAll
    static void open() {
        LocalCloud.Postgres postgres = SharedCloud.get().postgres();
        store = PostgresEmbeddingStore.open(new PostgresSettings(
                postgres.jdbcUrl(), postgres.user(), postgres.password(), 8, Duration.ofSeconds(5), true));
    }

    @AfterAll
    static void close() {
        store.close();
    }

    @Override
    protected EmbeddingStore store() {
        return store;
    }

    @Test
    void migrate_again_changesNoSchemaAndKeepsTheData() throws SQLException {
        JobTicket job = new JobTicket(JobId.random(), UserId.random(), BatchId.random(), MODEL, 2);
        store.recordQueued(job, Instant.parse("2025-01-02T03:04:05Z"));
        store.migrate();
        List<String> history = rows(MIGRATIONS);
        List<String> columns = rows(COLUMNS);
        JobStatus before = store.job(job.jobId()).orElseThrow();

        store.migrate();

        assertThat(history).isNotEmpty().allSatisfy(row -> assertThat(row).endsWith(" true"));
        assertThat(columns).anyMatch(c -> c.startsWith("jobs.")).anyMatch(c -> c.startsWith("vectors."));
        assertThat(rows(MIGRATIONS)).isEqualTo(history);
        assertThat(rows(COLUMNS)).isEqualTo(columns);
        assertThat(store.job(job.jobId())).contains(before);
    }

    /** The first column of every row of {@code sql}, as text. */
    private static List<String> rows(String sql) throws SQLException {
        LocalCloud.Postgres postgres = SharedCloud.get().postgres();
        List<String> rows = new ArrayList<>();
        try (Connection connection =
                        DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), postgres.password());
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                rows.add(result.getString(1));
            }
        }
        return rows;
    }

    @Test
    void unreachableDatabase_failsAsRetryable() {
        try (PostgresEmbeddingStore nowhere = PostgresEmbeddingStore.open(new PostgresSettings(
                "jdbc:postgresql://127.0.0.1:9/none", "postgres", "", 1, Duration.ofMillis(500), false))) {
            JobTicket job = new JobTicket(JobId.random(), UserId.random(), BatchId.random(), MODEL, 1);
            assertThatThrownBy(() -> nowhere.startAttempt(job, Instant.now()))
                    .isInstanceOf(RetryableException.class)
                    .hasMessageContaining("start job " + job.jobId());
        }
    }

    @Test
    void settings_toStringHidesThePassword() {
        assertThat(new PostgresSettings("jdbc:postgresql://h/db", "u", "hunter2", 1, Duration.ofSeconds(1), false)
                        .toString())
                .doesNotContain("hunter2");
    }
}
