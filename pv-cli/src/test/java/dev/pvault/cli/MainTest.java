package dev.pvault.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Main gives picocli only the command being run (start-up time), and everything when it cannot tell. */
class MainTest {
    @Test
    void aKnownCommand_isTheOnlyOneBuilt() {
        CommandLine commandLine = Main.newCommandLine(new String[] {"search", "--help"});

        assertThat(commandLine.getSubcommands()).containsOnlyKeys("search");
    }

    @Test
    void aKnownSubcommand_isTheOnlyOneOfItsCommandBuilt() {
        CommandLine commandLine = Main.newCommandLine(new String[] {"bench", "embed", "--messages", "5"});

        assertThat(commandLine.getSubcommands()).containsOnlyKeys("bench");
        assertThat(commandLine.getSubcommands().get("bench").getSubcommands()).containsOnlyKeys("embed");
    }

    @Test
    void aCommandAlone_orWithAnOption_getsAllItsSubcommands() {
        for (String[] args : new String[][] {{"bench"}, {"bench", "--help"}, {"bench", "unknown"}}) {
            CommandLine bench = Main.newCommandLine(args).getSubcommands().get("bench");

            assertThat(bench.getSubcommands()).containsOnlyKeys("embed", "sts", "pipeline");
        }
    }

    @Test
    void noCommand_orAnUnknownOne_getsEveryCommandAndHelp() {
        assertThat(Main.newCommandLine(new String[0]).getSubcommands())
                .containsKeys("help", "init", "import", "status", "search", "dlq", "delete", "worker", "demo", "bench");
        assertThat(Main.newCommandLine(new String[] {"serch"}).getSubcommands()).containsKey("search");
    }

    @Test
    void theSubcommandBuiltAlone_runsAsItWouldAmongAll() {
        String[] args = {"bench", "pipeline", "--help"};
        StringWriter out = new StringWriter();
        CommandLine commandLine = Main.newCommandLine(args);
        commandLine.setOut(new PrintWriter(out));

        assertThat(commandLine.execute(args)).isEqualTo(Main.EXIT_OK);
        assertThat(out.toString()).startsWith("Usage: pvault bench pipeline");
    }

    @Test
    void theEmbedderWarmsUp_onlyForACommandThatWillLoadAModel() {
        assertThat(Main.embedsAModel(new String[] {"search", "dentist"})).isTrue();
        assertThat(Main.embedsAModel(new String[] {"bench", "embed", "--json"})).isTrue();

        assertThat(Main.embedsAModel(new String[0])).isFalse();
        assertThat(Main.embedsAModel(new String[] {"status"})).isFalse();
        assertThat(Main.embedsAModel(new String[] {"import", "--dry-run", "chat.txt"}))
                .isFalse();
        assertThat(Main.embedsAModel(new String[] {"import", "--no-wait", "chat.txt"}))
                .isFalse();
        assertThat(Main.embedsAModel(new String[] {"search", "--help"})).isFalse();
        assertThat(Main.embedsAModel(new String[] {"bench", "embed", "--cache-dir=/tmp/x"}))
                .isFalse();
    }
}
