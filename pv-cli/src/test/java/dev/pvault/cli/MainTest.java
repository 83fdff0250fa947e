package dev.pvault.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pvault.core.InternalException;
import dev.pvault.core.UnavailableException;
import dev.pvault.core.UserException;
import dev.pvault.core.crypto.AuthenticationFailedException;
import dev.pvault.core.crypto.WrongPassphraseException;
import dev.pvault.core.worker.RetryableException;
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

    @Test
    void exitCodes_followWhoCanActOnTheError() {
        assertThat(Main.exitCode(new UserException("no vault here"))).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(Main.exitCode(new WrongPassphraseException("wrong"))).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(Main.exitCode(new RetryableException("database down"))).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(Main.exitCode(new UnavailableException("port taken"))).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(Main.exitCode(new InternalException("the store is inconsistent")))
                .isEqualTo(Main.EXIT_INTERNAL_ERROR);
        assertThat(Main.exitCode(new AuthenticationFailedException("batch tag mismatch")))
                .isEqualTo(Main.EXIT_INTERNAL_ERROR);
    }

    @Test
    void aCommandFailingInternally_exits2_withItsOneLine() {
        StringWriter err = new StringWriter();
        CommandLine commandLine = new CommandLine(new Failing());
        commandLine.setErr(new PrintWriter(err));
        commandLine.setExecutionExceptionHandler((e, line, parsed) -> Main.handleExecutionException(e, line, parsed));

        assertThat(commandLine.execute()).isEqualTo(Main.EXIT_INTERNAL_ERROR);
        assertThat(err.toString())
                .isEqualTo("pvault: job 7 has no result key; the store is inconsistent" + System.lineSeparator());
    }

    @CommandLine.Command(name = "failing")
    static final class Failing implements Runnable {
        @Override
        public void run() {
            throw new InternalException("job 7 has no result key; the store is inconsistent");
        }
    }
}
