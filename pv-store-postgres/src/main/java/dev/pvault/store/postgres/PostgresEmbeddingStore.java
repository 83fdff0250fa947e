package dev.pvault.store.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.pvault.core.InternalException;
import dev.pvault.core.UnavailableException;
import dev.pvault.core.crypto.KeyId;
import dev.pvault.core.model.BatchId;
import dev.pvault.core.model.JobId;
import dev.pvault.core.model.MessageId;
import dev.pvault.core.model.UserId;
import dev.pvault.core.worker.Completion;
import dev.pvault.core.worker.ContentDigest;
import dev.pvault.core.worker.EmbeddingStore;
import dev.pvault.core.worker.JobCounts;
import dev.pvault.core.worker.JobResult;
import dev.pvault.core.worker.JobState;
import dev.pvault.core.worker.JobStatus;
import dev.pvault.core.worker.JobTicket;
import dev.pvault.core.worker.NewVector;
import dev.pvault.core.worker.StoredVector;
import dev.pvault.core.worker.WrappedResultKey;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The {@link EmbeddingStore} on PostgreSQL: tables {@code jobs} and {@code vectors} (Flyway migrations in
 * {@code db/pvault}), idempotent by primary keys and {@code ON CONFLICT DO NOTHING}.
 *
 * <p>{@link #complete} is one transaction that first locks the job row, so two deliveries of one job that
 * finish at the same time cannot both write: the second finds the job DONE and writes nothing. Vectors are
 * inserted in message-id order, so two jobs that share messages take row locks in one order and cannot
 * deadlock. Nothing connects until the first call (a Lambda SnapStart snapshot must not hold a connection).
 */
public final class PostgresEmbeddingStore implements EmbeddingStore, AutoCloseable {
    /** Rows per INSERT or ANY(...) lookup: keeps statements well below PostgreSQL's parameter limits. */
    private static final int CHUNK = 1000;

    private static final String JOB_COLUMNS = "job_id, user_id, batch_id, model, state, attempts, message_count,"
            + " embedded_count, present_count, skipped_count, conflict_count, result_key, error_reason, created_at,"
            + " updated_at";

    private final DataSource dataSource;
    private final HikariDataSource ownedPool;
    private final boolean migrate;
    private volatile boolean migrated;

    /** Uses {@code dataSource} as it is (the caller owns and closes it). */
    public PostgresEmbeddingStore(DataSource dataSource, boolean migrate) {
        this(dataSource, null, migrate);
    }

    private PostgresEmbeddingStore(DataSource dataSource, HikariDataSource ownedPool, boolean migrate) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.ownedPool = ownedPool;
        this.migrate = migrate;
    }

    /** A store with its own connection pool; {@link #close()} closes the pool. Connects on first use. */
    public static PostgresEmbeddingStore open(PostgresSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("pvault-store");
        config.setJdbcUrl(settings.jdbcUrl());
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(settings.maxPoolSize());
        config.setMinimumIdle(0);
        config.setConnectionTimeout(Math.max(250, settings.connectionTimeout().toMillis()));
        // Do not connect now: construction may run during a Lambda init that is snapshotted.
        config.setInitializationFailTimeout(-1);
        config.addDataSourceProperty("ApplicationName", "pvault");
        config.addDataSourceProperty("tcpKeepAlive", "true");
        HikariDataSource pool = new HikariDataSource(config);
        return new PostgresEmbeddingStore(pool, pool, settings.migrate());
    }

    /** Brings the schema up to date now (otherwise, with {@code migrate}, before the first statement). */
    public void migrate() {
        try {
            Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:db/pvault")
                    .load()
                    .migrate();
            migrated = true;
        } catch (RuntimeException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof SQLException sql && SqlErrors.isTransient(sql)) {
                    throw SqlErrors.translate("schema migration", sql);
                }
            }
            throw new UnavailableException(
                    "PostgreSQL store: schema migration failed (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    @Override
    public void recordQueued(JobTicket job, Instant now) {
        String sql = "INSERT INTO jobs (job_id, user_id, batch_id, model, state, attempts, message_count, created_at,"
                + " updated_at) VALUES (?, ?, ?, ?, 'QUEUED', 0, ?, ?, ?) ON CONFLICT (job_id) DO NOTHING";
        withConnection("record job " + job.jobId() + " queued", connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                bindTicket(statement, job);
                statement.setObject(6, time(now));
                statement.setObject(7, time(now));
                statement.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public JobStatus startAttempt(JobTicket job, Instant now) {
        String sql = "INSERT INTO jobs (job_id, user_id, batch_id, model, state, attempts, message_count, created_at,"
                + " updated_at) VALUES (?, ?, ?, ?, 'RUNNING', 1, ?, ?, ?)"
                + " ON CONFLICT (job_id) DO UPDATE SET state = 'RUNNING', attempts = jobs.attempts + 1,"
                + " updated_at = EXCLUDED.updated_at"
                + " WHERE jobs.state <> 'DONE' AND jobs.user_id = EXCLUDED.user_id"
                + " AND jobs.batch_id = EXCLUDED.batch_id AND jobs.model = EXCLUDED.model"
                + " AND jobs.message_count = EXCLUDED.message_count"
                + " RETURNING " + JOB_COLUMNS;
        return withConnection("start job " + job.jobId(), connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                bindTicket(statement, job);
                statement.setObject(6, time(now));
                statement.setObject(7, time(now));
                try (ResultSet rows = statement.executeQuery()) {
                    if (rows.next()) {
                        return readJob(rows);
                    }
                }
            }
            // DONE, or the id belongs to another ticket: the row is returned unchanged.
            return findJob(connection, job.jobId(), false)
                    .orElseThrow(() -> new InternalException("job " + job.jobId() + " vanished while starting"));
        });
    }

    @Override
    public Map<MessageId, ContentDigest> digests(UserId user, String model, Collection<MessageId> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return withConnection(
                "look up " + ids.size() + " digests of user " + user,
                connection -> readDigests(connection, user, model, List.copyOf(ids)));
    }

    @Override
    public Completion complete(JobResult result, Instant now) {
        JobTicket ticket = result.ticket();
        return withConnection("complete job " + ticket.jobId(), connection -> {
            connection.setAutoCommit(false);
            try {
                Completion completion = completeInTransaction(connection, result, now);
                connection.commit();
                return completion;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        });
    }

    private Completion completeInTransaction(Connection connection, JobResult result, Instant now) throws SQLException {
        JobTicket ticket = result.ticket();
        JobStatus current = findJob(connection, ticket.jobId(), true)
                .orElseThrow(() -> new InternalException("job " + ticket.jobId() + " was never started"));
        if (current.state() == JobState.DONE) {
            return new Completion(false, 0, List.of(), List.of(), current);
        }
        List<NewVector> sorted = result.vectors().stream()
                .sorted(Comparator.comparing(NewVector::messageId))
                .toList();
        Set<MessageId> written = new HashSet<>();
        for (int from = 0; from < sorted.size(); from += CHUNK) {
            written.addAll(insertVectors(
                    connection, ticket, sorted.subList(from, Math.min(sorted.size(), from + CHUNK)), now));
        }
        List<MessageId> raced = new ArrayList<>();
        Map<MessageId, ContentDigest> intended = new HashMap<>();
        for (NewVector vector : sorted) {
            if (!written.contains(vector.messageId())) {
                raced.add(vector.messageId());
                intended.put(vector.messageId(), vector.digest());
            }
        }
        List<MessageId> conflicts = new ArrayList<>();
        if (!raced.isEmpty()) {
            Map<MessageId, ContentDigest> stored = readDigests(connection, ticket.userId(), ticket.model(), raced);
            for (MessageId id : raced) {
                ContentDigest existing = stored.get(id);
                ContentDigest mine = intended.get(id);
                if (existing != null && existing.keyId().equals(mine.keyId()) && !existing.equals(mine)) {
                    conflicts.add(id);
                }
            }
        }
        JobCounts counts = new JobCounts(
                written.size(),
                result.alreadyPresent() + raced.size() - conflicts.size(),
                result.skipped(),
                result.conflicts().size() + conflicts.size());
        byte[] resultKey = written.isEmpty()
                ? null
                : result.resultKey().map(WrappedResultKey::bytes).orElse(null);
        String sql = "UPDATE jobs SET state = 'DONE', embedded_count = ?, present_count = ?, skipped_count = ?,"
                + " conflict_count = ?, result_key = ?, error_reason = NULL, updated_at = ?, finished_at = ?"
                + " WHERE job_id = ? RETURNING " + JOB_COLUMNS;
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setInt(1, counts.embedded());
            statement.setInt(2, counts.alreadyPresent());
            statement.setInt(3, counts.skipped());
            statement.setInt(4, counts.conflicts());
            statement.setBytes(5, resultKey);
            statement.setObject(6, time(now));
            statement.setObject(7, time(now));
            statement.setObject(8, ticket.jobId().value());
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return new Completion(true, written.size(), raced, conflicts, readJob(rows));
            }
        }
    }

    private static Set<MessageId> insertVectors(
            Connection connection, JobTicket ticket, List<NewVector> vectors, Instant now) throws SQLException {
        String sql = "INSERT INTO vectors (user_id, model, message_id, job_id, sealed, digest, digest_key_id,"
                + " created_at) SELECT ?, ?, v.message_id, ?, v.sealed, v.digest, v.digest_key_id, ?"
                + " FROM unnest(?::bytea[], ?::bytea[], ?::bytea[], ?::text[])"
                + " WITH ORDINALITY AS v(message_id, sealed, digest, digest_key_id, position)"
                + " ORDER BY v.position ON CONFLICT (user_id, model, message_id) DO NOTHING RETURNING message_id";
        byte[][] ids = new byte[vectors.size()][];
        byte[][] sealed = new byte[vectors.size()][];
        byte[][] digests = new byte[vectors.size()][];
        String[] keyIds = new String[vectors.size()];
        for (int i = 0; i < vectors.size(); i++) {
            NewVector vector = vectors.get(i);
            ids[i] = vector.messageId().bytes();
            sealed[i] = vector.sealed();
            digests[i] = vector.digest().digest();
            keyIds[i] = vector.digest().keyId().hex();
        }
        Set<MessageId> written = new HashSet<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, ticket.userId().value());
            statement.setString(2, ticket.model());
            statement.setObject(3, ticket.jobId().value());
            statement.setObject(4, time(now));
            statement.setArray(5, connection.createArrayOf("bytea", ids));
            statement.setArray(6, connection.createArrayOf("bytea", sealed));
            statement.setArray(7, connection.createArrayOf("bytea", digests));
            statement.setArray(8, connection.createArrayOf("text", keyIds));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    written.add(MessageId.of(rows.getBytes(1)));
                }
            }
        }
        return written;
    }

    private static Map<MessageId, ContentDigest> readDigests(
            Connection connection, UserId user, String model, List<MessageId> ids) throws SQLException {
        String sql = "SELECT message_id, digest, digest_key_id FROM vectors"
                + " WHERE user_id = ? AND model = ? AND message_id = ANY(?)";
        Map<MessageId, ContentDigest> found = new HashMap<>();
        for (int from = 0; from < ids.size(); from += CHUNK) {
            List<MessageId> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setObject(1, user.value());
                statement.setString(2, model);
                Array array = connection.createArrayOf(
                        "bytea", chunk.stream().map(MessageId::bytes).toArray(byte[][]::new));
                statement.setArray(3, array);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        found.put(
                                MessageId.of(rows.getBytes(1)),
                                new ContentDigest(KeyId.parse(rows.getString(3)), rows.getBytes(2)));
                    }
                }
            }
        }
        return found;
    }

    @Override
    public void recordFailure(JobId job, String reason, boolean permanent, Instant now) {
        String cut = reason.length() > MAX_REASON_LENGTH ? reason.substring(0, MAX_REASON_LENGTH) : reason;
        String sql = "UPDATE jobs SET state = ?, error_reason = ?, updated_at = ? WHERE job_id = ? AND state <> 'DONE'";
        withConnection("record a failure of job " + job, connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setString(1, (permanent ? JobState.FAILED : JobState.QUEUED).name());
                statement.setString(2, cut);
                statement.setObject(3, time(now));
                statement.setObject(4, job.value());
                statement.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public Optional<JobStatus> job(JobId job) {
        return withConnection("read job " + job, connection -> findJob(connection, job, false));
    }

    @Override
    public List<StoredVector> vectors(UserId user, String model) {
        String sql = "SELECT message_id, job_id, sealed FROM vectors WHERE user_id = ? AND model = ?"
                + " ORDER BY message_id";
        return withConnection("read the vectors of user " + user, connection -> {
            List<StoredVector> vectors = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setObject(1, user.value());
                statement.setString(2, model);
                statement.setFetchSize(1000);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        vectors.add(new StoredVector(
                                MessageId.of(rows.getBytes(1)),
                                new JobId(rows.getObject(2, UUID.class)),
                                rows.getBytes(3)));
                    }
                }
            }
            return vectors;
        });
    }

    @Override
    public List<JobStatus> jobs(UserId user) {
        String sql = "SELECT " + JOB_COLUMNS + " FROM jobs WHERE user_id = ? ORDER BY created_at, job_id";
        return withConnection("read the jobs of user " + user, connection -> {
            List<JobStatus> jobs = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setObject(1, user.value());
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        jobs.add(readJob(rows));
                    }
                }
            }
            return jobs;
        });
    }

    @Override
    public boolean requeue(JobId job, Instant now) {
        String sql = "UPDATE jobs SET state = 'QUEUED', error_reason = NULL, updated_at = ?"
                + " WHERE job_id = ? AND state = 'FAILED'";
        return withConnection("requeue job " + job, connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setObject(1, time(now));
                statement.setObject(2, job.value());
                return statement.executeUpdate() == 1;
            }
        });
    }

    @Override
    public int deleteJobs(UserId user, Collection<JobId> jobs) {
        if (jobs.isEmpty()) {
            return 0;
        }
        UUID[] ids = jobs.stream().map(JobId::value).toArray(UUID[]::new);
        return withConnection("delete " + ids.length + " jobs of user " + user, connection -> {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try (PreparedStatement vectors =
                            connection.prepareStatement("DELETE FROM vectors WHERE user_id = ? AND job_id = ANY (?)");
                    PreparedStatement rows =
                            connection.prepareStatement("DELETE FROM jobs WHERE user_id = ? AND job_id = ANY (?)")) {
                Array array = connection.createArrayOf("uuid", ids);
                vectors.setObject(1, user.value());
                vectors.setArray(2, array);
                int deleted = vectors.executeUpdate();
                rows.setObject(1, user.value());
                rows.setArray(2, array);
                rows.executeUpdate();
                connection.commit();
                return deleted;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        });
    }

    @Override
    public void close() {
        if (ownedPool != null) {
            ownedPool.close();
        }
    }

    @Override
    public String toString() {
        return "PostgresEmbeddingStore[" + (ownedPool != null ? ownedPool.getJdbcUrl() : "external data source") + "]";
    }

    private static Optional<JobStatus> findJob(Connection connection, JobId job, boolean forUpdate)
            throws SQLException {
        String sql = "SELECT " + JOB_COLUMNS + " FROM jobs WHERE job_id = ?" + (forUpdate ? " FOR UPDATE" : "");
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, job.value());
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(readJob(rows)) : Optional.empty();
            }
        }
    }

    private static void bindTicket(PreparedStatement statement, JobTicket job) throws SQLException {
        statement.setObject(1, job.jobId().value());
        statement.setObject(2, job.userId().value());
        statement.setObject(3, job.batchId().value());
        statement.setString(4, job.model());
        statement.setInt(5, job.messageCount());
    }

    private static JobStatus readJob(ResultSet row) throws SQLException {
        JobTicket ticket = new JobTicket(
                new JobId(row.getObject("job_id", UUID.class)),
                new UserId(row.getObject("user_id", UUID.class)),
                new BatchId(row.getObject("batch_id", UUID.class)),
                row.getString("model"),
                row.getInt("message_count"));
        byte[] resultKey = row.getBytes("result_key");
        return new JobStatus(
                ticket,
                JobState.valueOf(row.getString("state")),
                row.getInt("attempts"),
                new JobCounts(
                        row.getInt("embedded_count"),
                        row.getInt("present_count"),
                        row.getInt("skipped_count"),
                        row.getInt("conflict_count")),
                Optional.ofNullable(resultKey).map(WrappedResultKey::of),
                Optional.ofNullable(row.getString("error_reason")),
                row.getObject("created_at", OffsetDateTime.class).toInstant(),
                row.getObject("updated_at", OffsetDateTime.class).toInstant());
    }

    private static OffsetDateTime time(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    @FunctionalInterface
    private interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    private <T> T withConnection(String operation, SqlWork<T> work) {
        if (migrate && !migrated) {
            migrateOnce();
        }
        try (Connection connection = dataSource.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw SqlErrors.translate(operation, e);
        }
    }

    private synchronized void migrateOnce() {
        if (!migrated) {
            migrate();
        }
    }
}
