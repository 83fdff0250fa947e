package dev.pvault.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 at any moment loses nothing and duplicates nothing: an import is killed while it seals and
 * queues, or while its workers embed; {@code worker --until-idle} and a second import complete it, and the
 * vault then holds every message exactly once.
 */
class CrashRecoveryIT {
    static final int MESSAGES = 2_000;
    static final String PASSPHRASE = "correct horse battery staple";
    /** Each embedding call takes 150 ms, so a kill lands while jobs are running. */
    static final String SLOW_EMBEDDER = "test:hash-32-slow-150";
    /** A killed job's message comes back after 10 s instead of a minute. */
    static final List<String> SHORT_VISIBILITY = List.of("-D" + WorkerOptions.VISIBILITY_PROPERTY + "=10");

    @TempDir
    Path dir;

    Path home;
    Path chat;
    Path passphraseFile;

    @BeforeEach
    void vault() throws IOException {
        home = dir.resolve("vault");
        passphraseFile = Files.writeString(dir.resolve("pass"), PASSPHRASE);
        chat = writeChat(dir.resolve("WhatsApp Chat with Crash Test.txt"), MESSAGES);
        assertThat(CliTest.pvault(
                                "init",
                                "--home",
                                home.toString(),
                                "--passphrase-file",
                                passphraseFile.toString(),
                                "--embedder",
                                SLOW_EMBEDDER)
                        .exitCode())
                .isZero();
    }

    /** A WhatsApp export of {@code count} distinct messages, two senders. */
    static Path writeChat(Path file, int count) throws IOException {
        DateTimeFormatter stamp = DateTimeFormatter.ofPattern("dd/MM/yyyy, HH:mm");
        LocalDateTime t = LocalDateTime.parse("2023-01-01T08:00");
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            text.append(stamp.format(t.plusMinutes(i)))
                    .append(" - ")
                    .append(i % 2 == 0 ? "Ana" : "Ben")
                    .append(": message ")
                    .append(i)
                    .append(" about the plan for day ")
                    .append(i / 40)
                    .append('\n');
        }
        return Files.writeString(file, text);
    }

    private Process child(String... args) throws IOException {
        String[] full = Stream.concat(Stream.of(args), Stream.of("--home", home.toString()))
                .toArray(String[]::new);
        return ChildPvault.start(dir, Map.of("PV_PASSPHRASE", PASSPHRASE), SHORT_VISIBILITY, full);
    }

    private long journalLines(String kind) throws IOException {
        Path folder = home.resolve("imports");
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        long count = 0;
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.toList()) {
                count += Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                        .filter(line -> line.startsWith("{\"" + kind + "\""))
                        .count();
            }
        }
        return count;
    }

    /** Waits until the journal has at least {@code lines} lines of {@code kind}, then kills the child. */
    private void killWhenJournalHas(Process process, String kind, long lines) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (journalLines(kind) < lines && process.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(process.isAlive())
                .as("the import was still running when the kill came")
                .isTrue();
        process.destroyForcibly(); // SIGKILL: no shutdown hook, no clean stop
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    private JsonNode status() throws IOException {
        CliTest.Run run = CliTest.pvault("status", "--json", "--home", home.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode status = LocalModeIT.JSON.readTree(run.out());
        LocalModeIT.assertAddsUp(status);
        return status;
    }

    private void drain() throws IOException {
        System.setProperty(WorkerOptions.VISIBILITY_PROPERTY, "10");
        try {
            CliTest.Run run = CliTest.pvault("worker", "--until-idle", "--json", "--home", home.toString());
            assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        } finally {
            System.clearProperty(WorkerOptions.VISIBILITY_PROPERTY);
        }
    }

    private JsonNode importAgain() throws IOException {
        CliTest.Run run = CliTest.pvault(
                "import",
                chat.toString(),
                "--json",
                "--home",
                home.toString(),
                "--passphrase-file",
                passphraseFile.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        return LocalModeIT.JSON.readTree(run.out());
    }

    /** Every message exactly once: imported, done and searchable vectors all equal the export's count. */
    private void assertEveryMessageOnce() throws IOException {
        JsonNode status = status();
        assertThat(status.get("imported").asInt()).isEqualTo(MESSAGES);
        assertThat(status.get("done").asInt()).isEqualTo(MESSAGES);
        CliTest.Run search = CliTest.pvault(
                "search",
                "plan",
                "-k",
                "1",
                "--json",
                "--home",
                home.toString(),
                "--passphrase-file",
                passphraseFile.toString());
        assertThat(search.exitCode()).as(search.err()).isZero();
        assertThat(LocalModeIT.JSON.readTree(search.out()).get("searched").asInt())
                .isEqualTo(MESSAGES);
    }

    @Test
    void killedWhileSealingAndQueueing_workerAndSecondImportComplete() throws Exception {
        Process importing = child("import", chat.toString());
        killWhenJournalHas(importing, "sent", 2);

        JsonNode afterKill = status();
        assertThat(afterKill.get("imported").asInt()).isBetween(2 * 256, MESSAGES - 1);

        drain();
        JsonNode drained = status();
        assertThat(drained.get("done").asInt())
                .isEqualTo(drained.get("imported").asInt());

        JsonNode second = importAgain();
        assertThat(second.get("already_present").asInt())
                .isEqualTo(drained.get("imported").asInt());
        assertThat(second.get("new").asInt() + second.get("already_present").asInt())
                .isEqualTo(MESSAGES);
        assertEveryMessageOnce();
    }

    @Test
    void killedBetweenPlanningAndSending_theJobIsSentAgainNotLost() throws Exception {
        Process importing = child("import", chat.toString(), "--no-wait");
        killWhenJournalHas(importing, "planned", 4);

        drain(); // sends what the journal planned and the kill left unsent, then embeds
        JsonNode second = importAgain();
        assertThat(second.get("new").asInt() + second.get("already_present").asInt())
                .isEqualTo(MESSAGES);
        assertEveryMessageOnce();
    }

    @Test
    void killedWhileWorkersEmbed_theInterruptedJobsComeBack() throws Exception {
        long jobs = (MESSAGES + 255) / 256;
        Process importing = child("import", chat.toString());
        killWhenJournalHas(importing, "sent", jobs); // all queued; the slow embedder is mid-job

        JsonNode afterKill = status();
        assertThat(afterKill.get("imported").asInt()).isEqualTo(MESSAGES);
        assertThat(afterKill.get("done").asInt()).isLessThan(MESSAGES);

        drain();
        assertEveryMessageOnce();
        assertThat(importAgain().get("new").asInt()).isZero();
    }

    @Test
    void aSecondProcess_isRefusedWithOneLine() throws Exception {
        Process importing = child("import", chat.toString());
        killWhenJournalHas(importing, "import", 1); // holding the lock now? it has started its import
        // The kill released the OS lock: a new process gets in at once, with no stale lock to clean.
        assertThat(CliTest.pvault("status", "--home", home.toString()).exitCode())
                .isZero();

        Process holder = child("worker", "--until-idle");
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            CliTest.Run refused;
            do {
                Thread.sleep(200);
                refused = CliTest.pvault("status", "--home", home.toString());
            } while (refused.exitCode() == 0 && holder.isAlive() && System.nanoTime() < deadline);
            if (holder.isAlive()) {
                assertThat(refused.exitCode()).isEqualTo(Main.EXIT_USER_ERROR);
                assertThat(refused.err())
                        .contains("in use by another pvault process")
                        .hasLineCount(1);
            }
        } finally {
            holder.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }
}
