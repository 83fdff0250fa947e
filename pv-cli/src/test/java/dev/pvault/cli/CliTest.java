package dev.pvault.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pvault.client.VaultHome;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a user meets it: exit codes, help, and init. */
class CliTest {
    @TempDir
    Path dir;

    record Run(int exitCode, String out, String err) {}

    static Run pvault(String... args) {
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.newCommandLine()
                    .setOut(new java.io.PrintWriter(System.out, true))
                    .setErr(new java.io.PrintWriter(System.err, true))
                    .execute(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }

    @Test
    void help_listsTheCommandsAndExitsZero() {
        Run run = pvault("--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("init").contains("--home");
    }

    @Test
    void unknownOption_isAUserError() {
        Run run = pvault("init", "--no-such-option");
        assertThat(run.exitCode()).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(run.err()).contains("Unknown option").contains("pvault init --help");
    }

    @Test
    void init_createsAVaultAndPrintsItsIdsAsJson() throws Exception {
        Path passphrase = Files.writeString(dir.resolve("pass"), "correct horse battery staple\n");
        Run run = pvault(
                "init", "--home", dir.resolve("v").toString(), "--passphrase-file", passphrase.toString(), "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(run.out());
        VaultHome home = VaultHome.open(dir.resolve("v"));
        assertThat(json.get("userId").asText()).isEqualTo(home.userId().toString());
        assertThat(json.get("home").asText()).isEqualTo(home.root().toString());
    }

    @Test
    void init_refusesAnExistingVaultWithOneLine() throws Exception {
        Path passphrase = Files.writeString(dir.resolve("pass"), "correct horse battery staple");
        String home = dir.resolve("v").toString();
        assertThat(pvault("init", "--home", home, "--passphrase-file", passphrase.toString())
                        .exitCode())
                .isZero();
        Run again = pvault("init", "--home", home, "--passphrase-file", passphrase.toString());
        assertThat(again.exitCode()).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(again.err().strip().lines()).hasSize(1);
        assertThat(again.err()).contains("already exists");
    }

    @Test
    void init_refusesAShortPassphrase() throws Exception {
        Path passphrase = Files.writeString(dir.resolve("pass"), "short");
        Run run = pvault("init", "--home", dir.resolve("v").toString(), "--passphrase-file", passphrase.toString());
        assertThat(run.exitCode()).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(dir.resolve("v")).doesNotExist();
    }
}
