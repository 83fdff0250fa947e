package dev.pvault.cli;

import dev.pvault.client.VaultClient;
import dev.pvault.local.FunctionRunner;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Waits, in local mode, until no job of the vault is pending. When nothing moves for longer than the
 * visibility timeout while jobs are still pending, their queue messages were lost (a kill before the queue
 * wrote them): the jobs are sent again from the import journal and the wait goes on. Gives up only when
 * nothing can be sent again.
 */
public final class Drain {
    private static final int ROUNDS = 3;

    private Drain() {}

    /** Returns whether the vault went idle; {@code tick} runs on every check (progress). */
    public static boolean untilIdle(VaultClient client, FunctionRunner runner, Runnable tick)
            throws InterruptedException {
        Duration visibility = runner.settings().visibility();
        for (int round = 0; round < ROUNDS; round++) {
            boolean idle =
                    runner.awaitIdle(client::workPending, tick, Duration.ofMillis(250), visibility.plusSeconds(30));
            if (idle) {
                return true;
            }
            int resent = client.resendStale(visibility);
            if (resent == 0) {
                return false;
            }
            new PrintStream(System.err, true, StandardCharsets.UTF_8)
                    .println("pvault: " + resent + " pending jobs had lost their queue message; sent them again");
        }
        return false;
    }
}
