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
    void noCommand_orAnUnknownOne_getsEveryCommandAndHelp() {
        assertThat(Main.newCommandLine(new String[0]).getSubcommands())
                .containsKeys("help", "init", "import", "status", "search", "dlq", "delete", "worker", "demo");
        assertThat(Main.newCommandLine(new String[] {"serch"}).getSubcommands()).containsKey("search");
    }

    @Test
    void theProduct_hasNoBenchmarks() {
        // `pvault bench` runs from pv-bench's own jar (the pvault script picks it); the product knows no such command.
        assertThat(Main.newCommandLine(new String[0]).getSubcommands()).doesNotContainKey("bench");
    }

    @Test
    void theCommandBuiltAlone_runsAsItWouldAmongAll() {
        String[] args = {"dlq", "--help"};
        StringWriter out = new StringWriter();
        CommandLine commandLine = Main.newCommandLine(args);
        commandLine.setOut(new PrintWriter(out));

        assertThat(commandLine.execute(args)).isEqualTo(Main.EXIT_OK);
        assertThat(out.toString()).startsWith("Usage: pvault dlq");
    }

    @Test
    void theEmbedderWarmsUp_onlyForACommandThatWillLoadAModel() {
        assertThat(Main.embedsAModel(new String[] {"search", "dentist"})).isTrue();
        assertThat(Main.embedsAModel(new String[] {"demo", "--json"})).isTrue();

        assertThat(Main.embedsAModel(new String[0])).isFalse();
        assertThat(Main.embedsAModel(new String[] {"status"})).isFalse();
        assertThat(Main.embedsAModel(new String[] {"import", "--dry-run", "chat.txt"}))
                .isFalse();
        assertThat(Main.embedsAModel(new String[] {"import", "--no-wait", "chat.txt"}))
                .isFalse();
        assertThat(Main.embedsAModel(new String[] {"search", "--help"})).isFalse();
        assertThat(Main.embedsAModel(new String[] {"bench", "embed"})).isFalse();
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
