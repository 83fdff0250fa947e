package dev.pvault.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pvault.core.model.BatchId;
import dev.pvault.core.model.JobId;
import dev.pvault.core.model.UserId;
import dev.pvault.core.worker.EmbeddingStore;
import dev.pvault.core.worker.EmbeddingStoreContract;
import dev.pvault.core.worker.JobTicket;
import dev.pvault.core.worker.RetryableException;
import dev.pvault.store.postgres.PostgresEmbeddingStore;
import dev.pvault.store.postgres.PostgresSettings;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The EmbeddingStore contract against real PostgreSQL (zonky's embedded binaries), plus what only it has. */
class PostgresEmbeddingStoreIT extends EmbeddingStoreContract {
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
    void migrate_isIdempotent() {
        store.migrate();
        store.migrate();
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
