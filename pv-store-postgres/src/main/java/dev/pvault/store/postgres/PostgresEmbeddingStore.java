package dev.pvault.store.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.pvault.core.InternalException;
import dev.pvault.core.Lazy;
import dev.pvault.core.UnavailableException;
import dev.pvault.core.crypto.RecipientPublicKey;
import dev.pvault.core.model.BatchId;
import dev.pvault.core.model.JobId;
import dev.pvault.core.model.MessageId;
import dev.pvault.core.model.UserId;
import dev.pvault.core.worker.Completion;
import dev.pvault.core.worker.EmbeddingStore;
import dev.pvault.core.worker.JobCounts;
import dev.pvault.core.worker.JobResult;
import dev.pvault.core.worker.JobResults;
import dev.pvault.core.worker.JobState;
import dev.pvault.core.worker.JobStatus;
import dev.pvault.core.worker.JobTicket;
import dev.pvault.core.worker.NewVector;
import dev.pvault.core.worker.ResultPage;
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
import java.util.function.Supplier;
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
            + " embedded_count, present_count, skipped_count, result_key, error_reason, created_at,"
            + " updated_at";

    /** The pool and whether to migrate, made on first use. */
    private record Connected(DataSource dataSource, HikariDataSource ownedPool, boolean migrate) {}

    private final Lazy<Connected> connected;
    private volatile boolean migrated;

    /** Uses {@code dataSource} as it is (the caller owns and closes it). */
    public PostgresEmbeddingStore(DataSource dataSource, boolean migrate) {
        Objects.requireNonNull(dataSource, "dataSource");
        Connected given = new Connected(dataSource, null, migrate);
        this.connected = new Lazy<>(() -> given);
    }

    private PostgresEmbeddingStore(Supplier<PostgresSettings> settings) {
        this.connected = new Lazy<>(() -> pool(settings.get()));
    }

    /** A store with its own connection pool; {@link #close()} closes the pool. Connects on first use. */
    public static PostgresEmbeddingStore open(PostgresSettings settings) {
        Objects.requireNonNull(settings, "settings");
        return new PostgresEmbeddingStore(() -> settings);
    }

    /**
     * As {@link #open}, with the settings made on first use: a password read from a secret store is read then,
     * not while a Lambda init that SnapStart snapshots runs. A failure to make them is reported by that call
     * and tried again by the next.
     */
    public static PostgresEmbeddingStore openLazily(Supplier<PostgresSettings> settings) {
        return new PostgresEmbeddingStore(Objects.requireNonNull(settings, "settings"));
    }

    private static Connected pool(PostgresSettings settings) {
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
        return new Connected(pool, pool, settings.migrate());
    }

    /** Brings the schema up to date now (otherwise, with {@code migrate}, before the first statement). */
    public void migrate() {
        try {
            Flyway.configure()
                    .dataSource(connected.get().dataSource())
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
    public Optional<RecipientPublicKey> publicKey(UserId user) {
        String sql = "SELECT public_key FROM users WHERE user_id = ?";
        return withConnection("read the public key of user " + user, connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setObject(1, user.value());
                try (ResultSet rows = statement.executeQuery()) {
                    return rows.next() ? Optional.of(RecipientPublicKey.of(rows.getBytes(1))) : Optional.empty();
                }
            }
        });
    }

    @Override
    public void registerPublicKey(UserId user, RecipientPublicKey key, Instant now) {
        String sql = "INSERT INTO users (user_id, public_key, registered_at) VALUES (?, ?, ?) ON CONFLICT (user_id)"
                + " DO UPDATE SET public_key = EXCLUDED.public_key, registered_at = EXCLUDED.registered_at";
        withConnection("register the public key of user " + user, connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setObject(1, user.value());
                statement.setBytes(2, key.bytes());
                statement.setObject(3, time(now));
                statement.executeUpdate();
            }
            return null;
        });
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
    public void recordMessageIds(JobId job, Collection<MessageId> ids) {
        if (ids.isEmpty()) {
            return;
        }
        // INSERT ... SELECT from the job row: an unknown job inserts nothing (and breaks no foreign key).
        String sql = "INSERT INTO job_messages (job_id, message_id) SELECT j.job_id, m.id FROM jobs j,"
                + " unnest(?::bytea[]) AS m(id) WHERE j.job_id = ? ON CONFLICT DO NOTHING";
        List<MessageId> all = List.copyOf(ids);
        withConnection("record " + all.size() + " message ids of job " + job, connection -> {
            for (int from = 0; from < all.size(); from += CHUNK) {
                List<MessageId> chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
                try (PreparedStatement statement = connection.prepareStatement(sql)) {
                    statement.setArray(1, byteaArray(connection, chunk));
                    statement.setObject(2, job.value());
                    statement.executeUpdate();
                }
            }
            return null;
        });
    }

    @Override
    public Set<MessageId> knownMessageIds(UserId user, String model, Collection<MessageId> candidates) {
        if (candidates.isEmpty()) {
            return Set.of();
        }
        String sql = "SELECT DISTINCT m.message_id FROM job_messages m JOIN jobs j ON j.job_id = m.job_id"
                + " WHERE m.message_id = ANY(?) AND j.user_id = ? AND j.model = ? AND j.state <> 'FAILED'";
        List<MessageId> all = List.copyOf(candidates);
        return withConnection("look up " + all.size() + " message ids of user " + user, connection -> {
            Set<MessageId> known = new HashSet<>();
            for (int from = 0; from < all.size(); from += CHUNK) {
                List<MessageId> chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
                try (PreparedStatement statement = connection.prepareStatement(sql)) {
                    statement.setArray(1, byteaArray(connection, chunk));
                    statement.setObject(2, user.value());
                    statement.setString(3, model);
                    try (ResultSet rows = statement.executeQuery()) {
                        while (rows.next()) {
                            known.add(MessageId.of(rows.getBytes(1)));
                        }
                    }
                }
            }
            return known;
        });
    }

    @Override
    public List<JobId> jobsWithoutMessageIds(UserId user) {
        String sql = "SELECT j.job_id FROM jobs j WHERE j.user_id = ? AND j.state <> 'FAILED'"
                + " AND NOT EXISTS (SELECT 1 FROM job_messages m WHERE m.job_id = j.job_id)"
                + " ORDER BY j.created_at, j.job_id";
        return withConnection("find the jobs of user " + user + " without message ids", connection -> {
            List<JobId> jobs = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setObject(1, user.value());
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        jobs.add(new JobId(rows.getObject(1, UUID.class)));
                    }
                }
            }
            return jobs;
        });
    }

    private static Array byteaArray(Connection connection, List<MessageId> ids) throws SQLException {
        return connection.createArrayOf(
                "bytea", ids.stream().map(MessageId::bytes).toArray(byte[][]::new));
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
    public Set<MessageId> storedIds(UserId user, String model, Collection<MessageId> ids) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        return withConnection(
                "look up " + ids.size() + " stored vectors of user " + user,
                connection -> readStoredIds(connection, user, model, List.copyOf(ids)));
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
            return new Completion(false, 0, List.of(), current);
        }
        // The user's completions take their places one at a time, so they commit in the order of their places
        // (results() relies on it: see V3__completion_order.sql).
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
            lock.setLong(
                    1,
                    ticket.userId().value().getMostSignificantBits()
                            ^ ticket.userId().value().getLeastSignificantBits());
            lock.execute();
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
        for (NewVector vector : sorted) {
            if (!written.contains(vector.messageId())) {
                raced.add(vector.messageId());
            }
        }
        JobCounts counts = new JobCounts(written.size(), result.alreadyPresent() + raced.size(), result.skipped());
        byte[] resultKey = written.isEmpty()
                ? null
                : result.resultKey().map(WrappedResultKey::bytes).orElse(null);
        String sql = "UPDATE jobs SET state = 'DONE', embedded_count = ?, present_count = ?, skipped_count = ?,"
                + " result_key = ?, error_reason = NULL, updated_at = ?, finished_at = ?,"
                + " completion_order = nextval('job_completion_order') WHERE job_id = ? RETURNING " + JOB_COLUMNS;
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setInt(1, counts.embedded());
            statement.setInt(2, counts.alreadyPresent());
            statement.setInt(3, counts.skipped());
            statement.setBytes(4, resultKey);
            statement.setObject(5, time(now));
            statement.setObject(6, time(now));
            statement.setObject(7, ticket.jobId().value());
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return new Completion(true, written.size(), raced, readJob(rows));
            }
        }
    }

    private static Set<MessageId> insertVectors(
            Connection connection, JobTicket ticket, List<NewVector> vectors, Instant now) throws SQLException {
        String sql = "INSERT INTO vectors (user_id, model, message_id, job_id, sealed, created_at)"
                + " SELECT ?, ?, v.message_id, ?, v.sealed, ?"
                + " FROM unnest(?::bytea[], ?::bytea[]) WITH ORDINALITY AS v(message_id, sealed, position)"
                + " ORDER BY v.position ON CONFLICT (user_id, model, message_id) DO NOTHING RETURNING message_id";
        byte[][] ids = new byte[vectors.size()][];
        byte[][] sealed = new byte[vectors.size()][];
        for (int i = 0; i < vectors.size(); i++) {
            NewVector vector = vectors.get(i);
            ids[i] = vector.messageId().bytes();
            sealed[i] = vector.sealed();
        }
        Set<MessageId> written = new HashSet<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, ticket.userId().value());
            statement.setString(2, ticket.model());
            statement.setObject(3, ticket.jobId().value());
            statement.setObject(4, time(now));
            statement.setArray(5, connection.createArrayOf("bytea", ids));
            statement.setArray(6, connection.createArrayOf("bytea", sealed));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    written.add(MessageId.of(rows.getBytes(1)));
                }
            }
        }
        return written;
    }

    private static Set<MessageId> readStoredIds(Connection connection, UserId user, String model, List<MessageId> ids)
            throws SQLException {
        String sql = "SELECT message_id FROM vectors WHERE user_id = ? AND model = ? AND message_id = ANY(?)";
        Set<MessageId> found = new HashSet<>();
        for (int from = 0; from < ids.size(); from += CHUNK) {
            List<MessageId> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setObject(1, user.value());
                statement.setString(2, model);
                statement.setArray(3, byteaArray(connection, chunk));
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        found.add(MessageId.of(rows.getBytes(1)));
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
    public ResultPage results(UserId user, String model, long after, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1, got " + limit);
        }
        String jobsSql = "SELECT job_id, batch_id, completion_order, result_key FROM jobs WHERE user_id = ?"
                + " AND model = ? AND completion_order > ? ORDER BY completion_order LIMIT ?";
        String vectorsSql =
                "SELECT job_id, message_id, sealed FROM vectors WHERE job_id = ANY(?)" + " ORDER BY job_id, message_id";
        return withConnection("read the results of user " + user + " after " + after, connection -> {
            // One snapshot for both statements: a job deleted in between must not show without its vectors.
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                List<JobResults> page = new ArrayList<>();
                Map<JobId, List<StoredVector>> vectors = new HashMap<>();
                try (PreparedStatement statement = connection.prepareStatement(jobsSql)) {
                    statement.setObject(1, user.value());
                    statement.setString(2, model);
                    statement.setLong(3, after);
                    statement.setInt(4, limit + 1);
                    try (ResultSet rows = statement.executeQuery()) {
                        while (rows.next()) {
                            JobId job = new JobId(rows.getObject(1, UUID.class));
                            byte[] key = rows.getBytes(4);
                            page.add(new JobResults(
                                    job,
                                    new BatchId(rows.getObject(2, UUID.class)),
                                    rows.getLong(3),
                                    Optional.ofNullable(key).map(WrappedResultKey::of),
                                    List.of()));
                            vectors.put(job, new ArrayList<>());
                        }
                    }
                }
                boolean more = page.size() > limit;
                if (more) {
                    page = new ArrayList<>(page.subList(0, limit));
                    vectors.keySet()
                            .retainAll(page.stream().map(JobResults::jobId).toList());
                }
                if (!page.isEmpty()) {
                    try (PreparedStatement statement = connection.prepareStatement(vectorsSql)) {
                        statement.setArray(
                                1,
                                connection.createArrayOf(
                                        "uuid",
                                        vectors.keySet().stream()
                                                .map(JobId::value)
                                                .toArray(UUID[]::new)));
                        statement.setFetchSize(1000);
                        try (ResultSet rows = statement.executeQuery()) {
                            while (rows.next()) {
                                JobId job = new JobId(rows.getObject(1, UUID.class));
                                vectors.get(job)
                                        .add(new StoredVector(MessageId.of(rows.getBytes(2)), job, rows.getBytes(3)));
                            }
                        }
                    }
                }
                connection.commit();
                List<JobResults> filled = page.stream()
                        .map(job -> new JobResults(
                                job.jobId(), job.batchId(), job.order(), job.resultKey(), vectors.get(job.jobId())))
                        .toList();
                long next = filled.isEmpty() ? after : filled.getLast().order();
                return new ResultPage(filled, next, more);
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
                connection.setAutoCommit(autoCommit);
            }
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
        Connected made = connected.peek();
        if (made != null && made.ownedPool() != null) {
            made.ownedPool().close();
        }
    }

    @Override
    public String toString() {
        Connected made = connected.peek();
        return "PostgresEmbeddingStore["
                + (made == null
                        ? "not connected"
                        : made.ownedPool() != null ? made.ownedPool().getJdbcUrl() : "external data source")
                + "]";
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
                new JobCounts(row.getInt("embedded_count"), row.getInt("present_count"), row.getInt("skipped_count")),
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
        Connected made = connected.get();
        if (made.migrate() && !migrated) {
            migrateOnce();
        }
        try (Connection connection = made.dataSource().getConnection()) {
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
