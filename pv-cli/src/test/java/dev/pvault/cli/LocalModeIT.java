package dev.pvault.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pvault.client.VaultHome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI in local mode against real loopback S3, SQS and PostgreSQL, as a user runs it. The vault uses the
 * test embedder (hash vectors), so this checks the plumbing, counts and privacy; {@code SemanticSearchIT}
 * checks ranking with the real model.
 */
class LocalModeIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String EMBEDDER = "test:hash-64";
    static final List<String> CHATS =
            List.of("WhatsApp Chat with Family.txt", "Hike crew.txt", "WhatsApp Chat with Atlas project.txt");

    @TempDir
    Path dir;

    Path home;
    Path passphrase;
    List<String> chatFiles;

    @BeforeEach
    void vault() throws IOException {
        home = dir.resolve("vault");
        passphrase = Files.writeString(dir.resolve("pass"), "correct horse battery staple");
        Path samples = Files.createDirectories(dir.resolve("samples"));
        chatFiles = CHATS.stream().map(name -> copyResource(name, samples)).toList();
        ok("init", "--embedder", EMBEDDER);
    }

    static String copyResource(String name, Path folder) {
        try (var in = LocalModeIT.class.getResourceAsStream("/demo/" + name)) {
            Path file = folder.resolve(name);
            Files.copy(in, file);
            return file.toString();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    CliTest.Run run(String... args) {
        String[] full = Stream.concat(
                        Stream.of(args),
                        Stream.of("--home", home.toString(), "--passphrase-file", passphrase.toString()))
                .toArray(String[]::new);
        return CliTest.pvault(full);
    }

    CliTest.Run runNoPassphrase(String... args) {
        return CliTest.pvault(Stream.concat(Stream.of(args), Stream.of("--home", home.toString()))
                .toArray(String[]::new));
    }

    JsonNode ok(String... args) {
        CliTest.Run run = args[0].equals("status") || args[0].equals("dlq") ? runNoPassphrase(args) : run(args);
        assertThat(run.exitCode())
                .as("pvault %s: %s", String.join(" ", args), run.err())
                .isZero();
        try {
            return run.out().strip().startsWith("{") ? JSON.readTree(run.out()) : null;
        } catch (IOException e) {
            throw new AssertionError(run.out(), e);
        }
    }

    JsonNode importChats(String... extra) {
        String[] args = Stream.concat(Stream.concat(Stream.of("import"), chatFiles.stream()), Stream.of(extra))
                .toArray(String[]::new);
        return ok(Stream.concat(Stream.of(args), Stream.of("--json")).toArray(String[]::new));
    }

    static void assertAddsUp(JsonNode status) {
        long sum = status.get("queued").asLong()
                + status.get("running").asLong()
                + status.get("done").asLong()
                + status.get("failed").asLong()
                + status.get("dead").asLong();
        assertThat(sum).as(status.toString()).isEqualTo(status.get("imported").asLong());
    }

    @Test
    void import_embedsEverything_andAReimportEmbedsNothingNew() {
        JsonNode first = importChats();
        assertThat(first.get("messages").asInt()).isEqualTo(201);
        assertThat(first.get("new").asInt()).isEqualTo(201);
        assertThat(first.get("already_present").asInt()).isZero();
        assertThat(first.get("jobs").asInt()).isEqualTo(3); // one chat per batch, fewer than 256 messages each
        assertThat(first.at("/status/done").asInt()).isEqualTo(201);
        assertAddsUp(first.get("status"));

        JsonNode again = importChats();
        assertThat(again.get("new").asInt()).isZero();
        assertThat(again.get("already_present").asInt()).isEqualTo(201);
        assertThat(again.get("jobs").asInt()).isZero();

        JsonNode status = ok("status", "--json");
        assertThat(status.get("imported").asInt()).isEqualTo(201);
        assertThat(status.get("done").asInt()).isEqualTo(201);
        assertAddsUp(status);
        assertThat(status.get("imports")).hasSize(1);
    }

    @Test
    void search_returnsTheDesignShape_andFiltersApply() {
        importChats();
        JsonNode all = ok("search", "brake pads", "-k", "5", "--json");
        assertThat(all.get("query").asText()).isEqualTo("brake pads");
        assertThat(all.get("results")).hasSize(5);
        for (JsonNode hit : all.get("results")) {
            assertThat(hit.fieldNames()).toIterable().contains("rank", "score", "chat", "sender", "time", "text");
        }
        JsonNode family = ok("search", "anything", "-k", "200", "--chat", "family", "--json");
        assertThat(family.get("results"))
                .hasSize(76)
                .allSatisfy(hit -> assertThat(hit.get("chat").asText()).isEqualTo("Family"));
        JsonNode tom = ok("search", "anything", "-k", "200", "--from", "tom", "--before", "2024-03-05", "--json");
        assertThat(tom.get("results")).isNotEmpty().allSatisfy(hit -> {
            assertThat(hit.get("sender").asText()).isEqualTo("Tom");
            assertThat(hit.get("time").asText()).isLessThan("2024-03-05");
        });
    }

    @Test
    void nothingUnderTheHome_isPlaintext() throws IOException {
        importChats();
        ok("search", "spare key", "-k", "3", "--json");
        List<String> secrets = List.of(
                "blue flowerpot",
                "Rose Garden Year",
                "truffle",
                "cookie domain",
                "Grandma",
                "Luigi",
                "Priya",
                "Family");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(home)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertThat(files).hasSizeGreaterThan(20); // PostgreSQL's files, the queue's H2 file, the batch objects
        for (Path file : files) {
            String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            for (String secret : secrets) {
                assertThat(bytes).as("%s holds \"%s\"", file, secret).doesNotContain(secret);
            }
        }
    }

    @Test
    void noWait_queues_andWorkerUntilIdle_finishes() {
        JsonNode queued = importChats("--no-wait");
        assertThat(queued.get("jobs").asInt()).isEqualTo(3);
        JsonNode before = ok("status", "--json");
        assertThat(before.get("queued").asInt()).isEqualTo(201);
        assertAddsUp(before);

        CliTest.Run drained = runNoPassphrase("worker", "--until-idle", "--json");
        assertThat(drained.exitCode()).as(drained.err()).isZero();
        JsonNode after = ok("status", "--json");
        assertThat(after.get("done").asInt()).isEqualTo(201);
        assertAddsUp(after);
    }

    @Test
    void deleteChat_removesItsMessages_andDeleteAll_replacesTheKeys() throws IOException {
        importChats();
        JsonNode deleted = ok("delete", "--chat", "Family", "--json");
        assertThat(deleted.get("batches").asInt()).isEqualTo(1);
        assertThat(deleted.get("vectors").asInt()).isEqualTo(76);
        JsonNode status = ok("status", "--json");
        assertThat(status.get("imported").asInt()).isEqualTo(125);
        assertThat(ok("search", "anything", "-k", "200", "--json").get("results"))
                .hasSize(125)
                .noneSatisfy(hit -> assertThat(hit.get("chat").asText()).isEqualTo("Family"));

        String keyBefore = VaultHome.open(home).descriptor().userKeyId();
        JsonNode all = ok("delete", "--all", "--json");
        assertThat(all.get("keys_replaced").asBoolean()).isTrue();
        assertThat(VaultHome.open(home).descriptor().userKeyId()).isNotEqualTo(keyBefore);
        assertThat(ok("status", "--json").get("imported").asInt()).isZero();
        assertThat(ok("search", "anything", "--json").get("results")).isEmpty();
        // The vault still works, with the new keys.
        assertThat(importChats().get("new").asInt()).isEqualTo(201);
    }

    @Test
    void badInput_isOneLineAndExitOne() throws IOException {
        CliTest.Run missing = run("import", dir.resolve("nope.txt").toString());
        assertThat(missing.exitCode()).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(missing.err().strip().lines()).hasSize(1);

        Path notAChat = Files.writeString(dir.resolve("notes.txt"), "shopping: milk\nAlice: call Bob\n");
        CliTest.Run rejected = run("import", notAChat.toString());
        assertThat(rejected.exitCode()).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(rejected.err().strip().lines()).hasSize(1);

        Path wrong = Files.writeString(dir.resolve("wrong"), "not the passphrase");
        CliTest.Run badPassphrase =
                CliTest.pvault("search", "x", "--home", home.toString(), "--passphrase-file", wrong.toString());
        assertThat(badPassphrase.exitCode()).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(badPassphrase.err()).contains("passphrase").hasLineCount(1);

        CliTest.Run noVault =
                CliTest.pvault("status", "--home", dir.resolve("none").toString());
        assertThat(noVault.exitCode()).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(noVault.err()).contains("pvault init");

        try (VaultLock held = VaultLock.acquire(home)) {
            CliTest.Run locked = runNoPassphrase("status");
            assertThat(locked.exitCode()).isEqualTo(Main.EXIT_USER_ERROR);
            assertThat(locked.err()).contains("in use").hasLineCount(1);
        }
        assertThat(ok("status", "--json").get("imported").asInt()).isZero(); // nothing half-written
    }
}
