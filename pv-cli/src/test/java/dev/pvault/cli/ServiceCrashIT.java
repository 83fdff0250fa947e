package dev.pvault.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the vault service in the middle of an import loses nothing and duplicates nothing: the service is
 * restarted on the same home and port, the import is run again, and every message is done exactly once.
 */
class ServiceCrashIT {
    static final int MESSAGES = 2_000;
    /** Each embedding call takes 100 ms, so the kill lands while jobs are queued and running. */
    static final String SLOW_EMBEDDER = "test:hash-32-slow-100";

    static final String PASSPHRASE = "correct horse battery staple orbit";

    @TempDir
    Path dir;

    private ChildPvault.Child serve(Path home, int port) throws Exception {
        ChildPvault.Child service = ChildPvault.spawn(
                dir,
                Map.of(),
                CrashRecoveryIT.SHORT_VISIBILITY,
                "serve",
                "--home",
                home.toString(),
                "--port",
                Integer.toString(port),
                "--workers",
                "2",
                "--json",
                "--embedder",
                SLOW_EMBEDDER);
        ServiceIT.awaitReadyLine(service);
        return service;
    }

    private long journalLines(Path vault, String kind) throws Exception {
        Path folder = vault.resolve("imports");
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        long count = 0;
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.toList()) {
                count += Files.readAllLines(file).stream()
                        .filter(line -> line.startsWith("{\"" + kind + "\""))
                        .count();
            }
        }
        return count;
    }

    @Test
    void theServiceKilledMidImport_restarted_andTheImportRunAgain_holdsEveryMessageOnce() throws Exception {
        Path serviceHome = dir.resolve("service");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ChildPvault.Child service = serve(serviceHome, port);
        String token = ServiceIT.tokenFor(dir, serviceHome, "alice");
        Path vault = dir.resolve("alice");
        Map<String, String> env = Map.of("PV_TOKEN", token, "PV_PASSPHRASE", PASSPHRASE);
        CliTest.Run init =
                ChildPvault.run(dir, env, "init", "--service", "http://127.0.0.1:" + port, "--home", vault.toString());
        assertThat(init.exitCode()).as(init.err()).isZero();
        Path chat = CrashRecoveryIT.writeChat(dir.resolve("WhatsApp Chat with Crash Test.txt"), MESSAGES);

        ChildPvault.Child importing =
                ChildPvault.spawn(dir, env, "import", chat.toString(), "--home", vault.toString(), "--json");
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (journalLines(vault, "sent") < 3 && importing.process().isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(importing.process().isAlive())
                .as("the import was still running at the kill")
                .isTrue();
        service.process().destroyForcibly(); // SIGKILL: no shutdown hook, no clean stop
        assertThat(service.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(importing.process().waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(importing.process().exitValue())
                .as("the import cannot reach the service any more")
                .isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(importing.stderr().lines().filter(line -> line.startsWith("pvault:")))
                .as("one line to the user")
                .hasSize(1);

        service = serve(serviceHome, port);
        try {
            CliTest.Run again =
                    ChildPvault.run(dir, env, "import", chat.toString(), "--home", vault.toString(), "--json");
            assertThat(again.exitCode()).as(again.err()).isZero();
            JsonNode status =
                    ServiceIT.JSON.readTree(ChildPvault.run(dir, env, "status", "--home", vault.toString(), "--json")
                            .out());
            LocalModeIT.assertAddsUp(status);
            assertThat(status.get("imported").asInt()).isEqualTo(MESSAGES);
            assertThat(status.get("done").asInt()).isEqualTo(MESSAGES);
            // Exactly once: the service holds one sealed vector per message.
            assertThat(ServiceIT.vectorsOf("http://127.0.0.1:" + port, token, SLOW_EMBEDDER))
                    .isEqualTo(MESSAGES);
        } finally {
            service.process().destroy();
            service.process().waitFor(1, TimeUnit.MINUTES);
        }
    }
}
