package dev.pvault.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code pvault worker} as a user meets it before any cloud is reachable. */
class WorkerCommandTest {
    @Test
    void help_namesTheVariablesAndExitsZero() {
        CliTest.Run run = CliTest.pvault("worker", "--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("--queue-url").contains("PV_QUEUE_URL").contains("--concurrency");
    }

    @Test
    void missingConfiguration_isAOneLineUserError() {
        CliTest.Run run = CliTest.pvault(
                "worker",
                "--once",
                "--queue-url",
                "http://127.0.0.1:9/queue/q",
                "--db-url",
                "jdbc:postgresql://127.0.0.1:9/x");
        if (System.getenv("PV_BUCKET") == null) {
            assertThat(run.exitCode()).isEqualTo(Main.EXIT_USER_ERROR);
            assertThat(run.err()).contains("PV_BUCKET");
            assertThat(run.err().strip().lines()).hasSize(1);
        }
    }

    @Test
    void withoutAQueue_itAsksForOneOrForUntilIdle() {
        CliTest.Run run = CliTest.pvault("worker", "--once");
        if (System.getenv("PV_QUEUE_URL") == null) {
            assertThat(run.exitCode()).isEqualTo(Main.EXIT_USER_ERROR);
            assertThat(run.err())
                    .contains("--queue-url")
                    .contains("--until-idle")
                    .hasLineCount(1);
        }
    }

    @Test
    void unknownMetricsChoice_isAUserError() {
        CliTest.Run run = CliTest.pvault(
                "worker",
                "--once",
                "--metrics",
                "loud",
                "--bucket",
                "b",
                "--db-url",
                "jdbc:postgresql://127.0.0.1:9/x",
                "--queue-url",
                "http://127.0.0.1:9/000000000000/q",
                "--keys-file",
                "/nonexistent/keys.json");
        assertThat(run.exitCode()).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(run.err()).contains("--metrics");
    }
}
