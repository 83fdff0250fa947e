package dev.pvault.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The benchmarks' launcher builds only the sub-command being run, and all of them when it cannot tell. */
class BenchMainTest {
    private static CommandLine bench(String... args) {
        return BenchMain.newCommandLine(args).getSubcommands().get("bench");
    }

    @Test
    void aKnownSubcommand_isTheOnlyOneBuilt() {
        assertThat(bench("bench", "embed", "--messages", "5").getSubcommands()).containsOnlyKeys("embed");
    }

    @Test
    void benchAlone_orWithAnOption_getsAllItsSubcommands() {
        for (String[] args : new String[][] {{"bench"}, {"bench", "--help"}, {"bench", "unknown"}}) {
            assertThat(bench(args).getSubcommands()).containsOnlyKeys("embed", "sts", "pipeline");
        }
    }

    @Test
    void theSubcommandBuiltAlone_runsAsItWouldAmongAll() {
        String[] args = {"bench", "pipeline", "--help"};
        StringWriter out = new StringWriter();
        CommandLine commandLine = BenchMain.newCommandLine(args);
        commandLine.setOut(new PrintWriter(out));

        assertThat(commandLine.execute(args)).isZero();
        assertThat(out.toString()).startsWith("Usage: pvault bench pipeline");
    }
}
