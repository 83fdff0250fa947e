package dev.pvault.store.postgres;

import java.time.Duration;
import java.util.Objects;

/**
 * How to reach the database.
 *
 * @param jdbcUrl {@code jdbc:postgresql://host:port/db}
 * @param maxPoolSize connections at most; a Lambda container processes one batch at a time, so 2 is plenty
 * @param connectionTimeout how long a call waits for a connection before it fails as retryable
 * @param migrate whether to bring the schema up to date (Flyway) before the first statement
 */
public record PostgresSettings(
        String jdbcUrl, String user, String password, int maxPoolSize, Duration connectionTimeout, boolean migrate) {

    public PostgresSettings {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(connectionTimeout, "connectionTimeout");
        if (maxPoolSize < 1) {
            throw new IllegalArgumentException("maxPoolSize must be >= 1, got " + maxPoolSize);
        }
    }

    @Override
    public String toString() {
        return "PostgresSettings[" + jdbcUrl + ", user=" + user + ", password=<redacted>, maxPoolSize=" + maxPoolSize
                + ", connectionTimeout=" + connectionTimeout + ", migrate=" + migrate + "]";
    }
}
