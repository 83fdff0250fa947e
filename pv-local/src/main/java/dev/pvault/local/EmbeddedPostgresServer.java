package dev.pvault.local;

import dev.pvault.core.UnavailableException;
import dev.pvault.core.UserException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL from zonky's embedded binaries, on a persistent data directory, bound to 127.0.0.1.
 *
 * <p>As root: PostgreSQL refuses to run as root, and zonky 2.2.2 runs {@code initdb}, {@code pg_ctl} and so
 * the server under {@code unshare -U} when it finds itself root and {@code unshare -U} works (measured here:
 * the server then runs as the namespace's overflow user, which owns the data directory as far as it can
 * see). This class checks that precondition first and says so in one line instead of zonky's opaque
 * "initdb failed". As a normal user nothing special happens.
 *
 * <p>After a {@code kill -9} of the JVM the postmaster survives and holds {@code postmaster.pid}, and the
 * next start fails; {@link #stopStale} ends such a server first (SIGTERM, a smart shutdown: its clients
 * died with the old JVM), or removes a pid file whose process is gone.
 */
final class EmbeddedPostgresServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    static final String USER = "postgres";
    static final String DATABASE = "postgres";

    private final EmbeddedPostgres postgres;
    private final int port;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, int port) {
        this.postgres = postgres;
        this.port = port;
    }

    static EmbeddedPostgresServer start(Path dataDir, Path logFile, int port, boolean durableCommits, Duration wait) {
        checkCanRunAsThisUser();
        long logBefore = sizeOf(logFile);
        try {
            Files.createDirectories(dataDir);
            stopStale(dataDir);
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    // The vault lives here: never wipe it (zonky's default is to).
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    // zonky defaults to off; a vault on a laptop keeps what it acknowledged, tests need not.
                    .setServerConfig("synchronous_commit", durableCommits ? "on" : "off")
                    .setServerConfig("max_connections", "50")
                    .setPGStartupWait(wait)
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
            return new EmbeddedPostgresServer(postgres, port);
        } catch (IOException | RuntimeException e) {
            // The server writes why it stopped to its log; zonky only sees that it never became ready.
            if (logSince(logFile, logBefore).contains("Address already in use")) {
                throw new PortTakenException("PostgreSQL", port, e);
            }
            throw new UnavailableException(
                    "cannot start PostgreSQL on 127.0.0.1:" + port + " with data in " + dataDir + " ("
                            + e.getClass().getSimpleName() + ": " + e.getMessage() + "; server log: " + logFile + ")",
                    e);
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** What the server log gained since it was {@code offset} bytes long; empty when it cannot be read. */
    private static String logSince(Path file, long offset) {
        try (java.io.RandomAccessFile log = new java.io.RandomAccessFile(file.toFile(), "r")) {
            long length = log.length();
            if (length <= offset) {
                return "";
            }
            byte[] added = new byte[(int) Math.min(length - offset, 1 << 20)];
            log.seek(offset);
            log.readFully(added);
            return new String(added, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    int port() {
        return port;
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            LOG.warn("PostgreSQL on port {} did not stop cleanly: {}", port, e.toString());
        }
    }

    /** Ends a postmaster left running on {@code dataDir} by a JVM that died, or removes its stale pid file. */
    static void stopStale(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile);
        Optional<ProcessHandle> process =
                lines.isEmpty() ? Optional.empty() : parsePid(lines.getFirst()).flatMap(ProcessHandle::of);
        if (process.isPresent() && process.get().isAlive() && isPostgresOf(process.get(), dataDir)) {
            ProcessHandle postmaster = process.get();
            LOG.info("stopping the PostgreSQL server (pid {}) a previous run left on {}", postmaster.pid(), dataDir);
            postmaster.destroy();
            if (!waitForExit(postmaster, Duration.ofSeconds(30))) {
                postmaster.descendants().forEach(ProcessHandle::destroyForcibly);
                postmaster.destroyForcibly();
                waitForExit(postmaster, Duration.ofSeconds(10));
            }
        }
        // Gone, or never ours (the pid was reused): the file is stale either way.
        Files.deleteIfExists(pidFile);
    }

    private static Optional<Long> parsePid(String line) {
        try {
            return Optional.of(Long.parseLong(line.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** A postgres process serving {@code dataDir} (a reused pid of anything else is left alone). */
    private static boolean isPostgresOf(ProcessHandle process, Path dataDir) {
        ProcessHandle.Info info = process.info();
        Optional<String> commandLine = info.commandLine();
        if (commandLine.isPresent()) {
            return commandLine.get().contains("postgres") && commandLine.get().contains(dataDir.toString());
        }
        return info.command().map(c -> c.endsWith("/postgres")).orElse(false);
    }

    private static boolean waitForExit(ProcessHandle process, Duration timeout) {
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return !process.isAlive();
        }
    }

    /** PostgreSQL will not run as root; zonky works around it with {@code unshare -U}, if the kernel allows. */
    private static void checkCanRunAsThisUser() {
        if (!isRoot()) {
            return;
        }
        try {
            Process unshare = new ProcessBuilder("unshare", "-U", "id", "-u")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(unshare.getInputStream().readAllBytes()).trim();
            if (unshare.waitFor() == 0 && !out.equals("0")) {
                return;
            }
        } catch (IOException e) {
            // no unshare binary: fall through
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new UserException("PostgreSQL does not run as root, and this machine does not allow "
                + "'unshare -U' (user namespaces), which is how it runs here as root: run as a normal user,"
                + " or enable unprivileged user namespaces");
    }

    private static boolean isRoot() {
        try {
            return "0".equals(String.valueOf(Files.getAttribute(Path.of("/proc/self"), "unix:uid")));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }
}
