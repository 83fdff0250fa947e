package dev.pvault.local;

import dev.pvault.core.UnavailableException;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntFunction;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The cloud on one machine: PostgreSQL (zonky's embedded binaries), SQS (ElasticMQ) and S3 (s3proxy), real
 * protocols on 127.0.0.1, inside this JVM (PostgreSQL in its own processes), with their data under one home
 * folder so a vault survives restarts:
 *
 * <pre>
 * home/postgres/data    PostgreSQL data directory     home/postgres.log   its server log
 * home/sqs/             ElasticMQ messages (H2)       home/s3/            objects, one file each
 * </pre>
 *
 * <p>Each service starts on first use and on its own ({@code pvault search} needs no queue), on a free
 * loopback port; {@link #close()} stops what was started. Each service starts under its own lock, so several
 * can start side by side (on two cores that takes seconds off a command that needs two services).
 *
 * <p>Pekko and Jetty threads are not daemons: a program that fails must close this (or exit explicitly).
 */
public final class LocalCloud implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalCloud.class);
    /** The loopback services accept these; they guard nothing (everything stored is sealed anyway). */
    public static final String ACCESS_KEY = "pvault-local";

    public static final String SECRET_KEY = "pvault-local-secret";

    /** {@link #ACCESS_KEY} and {@link #SECRET_KEY} for the AWS SDK clients of the loopback services. */
    public static final AwsCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));

    /**
     * @param queueName the job queue (".fifo" at the end, with {@code fifo}, for a FIFO queue)
     * @param maxReceiveCount receives before a job moves to the dead-letter queue
     * @param visibilityTimeout how long a received job stays invisible (whole seconds)
     * @param durableCommits PostgreSQL {@code synchronous_commit}: on for a vault, off for throwaway tests
     * @param startupWait how long PostgreSQL may take to start (2 busy cores can be slow)
     */
    public record Settings(
            String bucket,
            String queueName,
            String deadLetterQueueName,
            boolean fifo,
            int maxReceiveCount,
            Duration visibilityTimeout,
            boolean durableCommits,
            String region,
            Duration startupWait) {

        public Settings {
            Objects.requireNonNull(bucket, "bucket");
            Objects.requireNonNull(queueName, "queueName");
            Objects.requireNonNull(deadLetterQueueName, "deadLetterQueueName");
            Objects.requireNonNull(visibilityTimeout, "visibilityTimeout");
            Objects.requireNonNull(region, "region");
            Objects.requireNonNull(startupWait, "startupWait");
            if (fifo != (queueName.endsWith(".fifo") && deadLetterQueueName.endsWith(".fifo"))) {
                throw new IllegalArgumentException("FIFO queue names (and only they) end in .fifo, the DLQ's too");
            }
            if (maxReceiveCount < 1 || visibilityTimeout.toSeconds() < 1) {
                throw new IllegalArgumentException("maxReceiveCount and visibilityTimeout must be positive");
            }
        }

        /** A vault's defaults: durable, the receive count and visibility the cloud template uses. */
        public static Settings defaults() {
            return new Settings(
                    "pvault-batches",
                    "pvault-jobs",
                    "pvault-jobs-dlq",
                    false,
                    5,
                    Duration.ofMinutes(30),
                    true,
                    "us-east-1",
                    Duration.ofSeconds(60));
        }

        public Settings withQueue(int maxReceiveCount, Duration visibilityTimeout) {
            return new Settings(
                    bucket,
                    queueName,
                    deadLetterQueueName,
                    fifo,
                    maxReceiveCount,
                    visibilityTimeout,
                    durableCommits,
                    region,
                    startupWait);
        }

        public Settings withFifo() {
            return new Settings(
                    bucket,
                    queueName + ".fifo",
                    deadLetterQueueName + ".fifo",
                    true,
                    maxReceiveCount,
                    visibilityTimeout,
                    durableCommits,
                    region,
                    startupWait);
        }

        public Settings withDurableCommits(boolean durable) {
            return new Settings(
                    bucket,
                    queueName,
                    deadLetterQueueName,
                    fifo,
                    maxReceiveCount,
                    visibilityTimeout,
                    durable,
                    region,
                    startupWait);
        }
    }

    /** PostgreSQL's address; trust authentication on loopback, so no password. */
    public record Postgres(String jdbcUrl, String user, String password, int port) {}

    /** The SQS endpoint, the job queue and its dead-letter queue. */
    public record Sqs(URI endpoint, String queueUrl, String deadLetterQueueUrl, String region) {}

    /** The S3 endpoint and the bucket sealed batches go to. */
    public record S3(URI endpoint, String bucket, String region) {}

    /** How often the SQS server is started on a new port when the one it was given was taken meanwhile. */
    static final int SQS_PORT_ATTEMPTS = 3;

    private final Path home;
    private final Settings settings;
    // A port is free when chosen and bound a moment later, so another program can take it in between.
    private final IntSupplier freePorts;
    // One lock per service, so that a command can start the ones it needs side by side (start-up is most of
    // a search's wall time); close() takes them all.
    private final Object postgresLock = new Object();
    private final Object sqsLock = new Object();
    private final Object s3Lock = new Object();
    private volatile EmbeddedPostgresServer postgres;
    private int postgresPort;
    private volatile ElasticMqServer sqs;
    private volatile S3ProxyServer s3;
    // Set by close(): a service asked for afterwards (say by a background start that lost the race with a
    // failing command) must not start a server that nobody will stop.
    private volatile boolean closed;

    private LocalCloud(Path home, Settings settings, IntSupplier freePorts) {
        this.home = home;
        this.settings = settings;
        this.freePorts = freePorts;
    }

    /** A local cloud with its data under {@code home}; nothing starts yet. */
    public static LocalCloud at(Path home, Settings settings) {
        return at(home, settings, LocalCloud::freePort);
    }

    /** As {@link #at(Path, Settings)}, with the ports to try handed out by {@code freePorts} (tests). */
    static LocalCloud at(Path home, Settings settings, IntSupplier freePorts) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(freePorts, "freePorts");
        Path absolute = home.toAbsolutePath().normalize();
        try {
            Files.createDirectories(absolute);
        } catch (IOException e) {
            throw new UnavailableException("cannot create the local cloud's folder " + absolute + " (" + e + ")", e);
        }
        return new LocalCloud(absolute, settings, freePorts);
    }

    public static LocalCloud at(Path home) {
        return at(home, Settings.defaults());
    }

    public Path home() {
        return home;
    }

    public Settings settings() {
        return settings;
    }

    /** PostgreSQL, started if it is not running. It keeps its port across stop and start. */
    public Postgres postgres() {
        synchronized (postgresLock) {
            requireOpen();
            if (postgres == null) {
                // One attempt only: zonky keeps its lock on the data folder after a failed start, so a second
                // start in this process fails on that lock; the next command picks a new port.
                postgres = onAFreePort(
                        postgresPort,
                        1,
                        port -> EmbeddedPostgresServer.start(
                                home.resolve("postgres").resolve("data"),
                                home.resolve("postgres.log"),
                                port,
                                settings.durableCommits(),
                                settings.startupWait()));
                postgresPort = postgres.port();
            }
            return new Postgres(postgres.jdbcUrl(), EmbeddedPostgresServer.USER, "", postgres.port());
        }
    }

    /** ElasticMQ with the job queue and its dead-letter queue, started if it is not running. */
    public Sqs sqs() {
        synchronized (sqsLock) {
            requireOpen();
            if (sqs == null) {
                sqs = onAFreePort(
                        0, SQS_PORT_ATTEMPTS, port -> ElasticMqServer.start(home.resolve("sqs"), port, settings));
            }
            return new Sqs(sqs.endpoint(), sqs.queueUrl(), sqs.deadLetterQueueUrl(), settings.region());
        }
    }

    /** s3proxy with the batch bucket, started if it is not running. */
    public S3 s3() {
        synchronized (s3Lock) {
            requireOpen();
            if (s3 == null) {
                s3 = S3ProxyServer.start(home.resolve("s3"), settings.bucket());
            }
            return new S3(s3.endpoint(), settings.bucket(), settings.region());
        }
    }

    public void stopPostgres() {
        synchronized (postgresLock) {
            if (postgres != null) {
                postgres.close();
                postgres = null;
            }
        }
    }

    public void stopSqs() {
        synchronized (sqsLock) {
            if (sqs != null) {
                sqs.close();
                sqs = null;
            }
        }
    }

    public void stopS3() {
        synchronized (s3Lock) {
            if (s3 != null) {
                s3.close();
                s3 = null;
            }
        }
    }

    /** Stops every service that was started; the data stays. */
    @Override
    public synchronized void close() {
        closed = true;
        RuntimeException failure = null;
        for (Runnable stop : new Runnable[] {this::stopSqs, this::stopS3, this::stopPostgres}) {
            try {
                stop.run();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** The services running now: {@code postgres}, {@code sqs}, {@code s3}. */
    public synchronized Set<String> running() {
        Set<String> running = new TreeSet<>();
        if (postgres != null) {
            running.add("postgres");
        }
        if (sqs != null) {
            running.add("sqs");
        }
        if (s3 != null) {
            running.add("s3");
        }
        return running;
    }

    @Override
    public String toString() {
        return "LocalCloud[" + home + ", running " + running() + "]";
    }

    /**
     * Starts a server on {@code preferredPort} (0: none) or a free port, and, up to {@code attempts} times, on
     * another free port when the one it tried was taken in the moment between choosing and binding it; any other
     * failure is reported at once.
     */
    private <T> T onAFreePort(int preferredPort, int attempts, IntFunction<T> start) {
        int port = preferredPort != 0 ? preferredPort : freePorts.getAsInt();
        for (int attempt = 1; ; attempt++) {
            try {
                return start.apply(port);
            } catch (PortTakenException e) {
                if (attempt == attempts) {
                    throw new UnavailableException(
                            e.getMessage()
                                    + (attempts == 1
                                            ? "; run the command again (it picks another free port)"
                                            : "; tried " + attempts + " ports"),
                            e);
                }
                LOG.info("{}; trying another port", e.getMessage());
                port = freePorts.getAsInt();
            }
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the local cloud under " + home + " is closed");
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UnavailableException("no free port on 127.0.0.1 (" + e + ")", e);
        }
    }
}
