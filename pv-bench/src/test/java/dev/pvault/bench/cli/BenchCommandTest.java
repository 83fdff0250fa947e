package dev.pvault.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pvault.cli.Main;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class BenchCommandTest {
    private final CliRun cli = new CliRun();
    private final StringWriter out = cli.out;
    private final StringWriter err = cli.err;

    private int run(String... args) {
        return cli.run(args);
    }

    @Test
    void bench_listsItsSubcommands() {
        assertThat(run("bench")).isEqualTo(Main.EXIT_OK);

        assertThat(out.toString()).contains("embed").contains("sts");
    }

    @Test
    void embedHelp_namesTheOptionsTheIssueAsksFor() {
        assertThat(run("bench", "embed", "--help")).isEqualTo(Main.EXIT_OK);

        assertThat(out.toString())
                .contains("--embedder=ID")
                .contains("--messages=N")
                .contains("--corpus=FILE")
                .contains("--json")
                .contains("--baseline=ID");
    }

    @Test
    void embed_rejectsANonPositiveCountAsAUserError() {
        assertThat(run("bench", "embed", "--messages", "0")).isEqualTo(Main.EXIT_USER_ERROR);

        assertThat(err.toString()).startsWith("pvault: --messages must be at least 1");
    }

    @Test
    void embed_rejectsBadEngineOptionsAsUserErrors() {
        assertThat(run("bench", "embed", "--batch", "0")).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(run("bench", "embed", "--min-fill", "2")).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(run("bench", "embed", "--threads", "-1")).isEqualTo(Main.EXIT_USER_ERROR);

        assertThat(err.toString())
                .contains("--batch must be at least 1")
                .contains("--min-fill must be from 0 to 1")
                .contains("--threads must be at least 1");
    }

    @Test
    void sts_requiresAFile() {
        assertThat(run("bench", "sts")).isEqualTo(Main.EXIT_USER_ERROR);

        assertThat(err.toString()).contains("Missing required option: '--file=CSV'");
    }
}
