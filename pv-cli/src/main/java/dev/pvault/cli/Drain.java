package dev.pvault.cli;

import dev.pvault.client.VaultClient;
import dev.pvault.client.VaultStatus;
import dev.pvault.local.FunctionRunner;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Waits until no job of the vault is pending. In local mode the vault's own function instances run meanwhile;
 * when nothing moves for longer than the visibility timeout while jobs are still pending, their queue messages
 * were lost (a kill before the queue wrote them): the jobs are sent again from the import journal and the wait
 * goes on, giving up only when nothing can be sent again. A vault bound to a service waits for the service's
 * workers, and gives up when no job of the vault finishes for {@link #SERVICE_PATIENCE}.
 */
public final class Drain {
    private static final int ROUNDS = 3;
    /** How long a bound vault waits without any job of it finishing before it stops waiting (the work goes on). */
    static final Duration SERVICE_PATIENCE = Duration.ofMinutes(10);

    private Drain() {}

    /**
     * Returns whether the vault went idle; {@code tick} runs on every check (progress). Starts {@code vault}'s
     * function instances with {@code workers} when the vault is local.
     */
    public static boolean untilIdle(OpenVault vault, VaultClient client, FunctionRunner.Settings workers, Runnable tick)
            throws InterruptedException {
        return vault.local() ? untilIdle(client, vault.runner(workers), tick) : untilServiceIdle(client, tick);
    }

    private static boolean untilServiceIdle(VaultClient client, Runnable tick) throws InterruptedException {
        long lastDone = -1;
        long lastProgress = System.nanoTime();
        while (true) {
            tick.run();
            VaultStatus.Counts total = client.status().total();
            if (total.queued() + total.running() == 0) {
                return true;
            }
            if (total.done() != lastDone) {
                lastDone = total.done();
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > SERVICE_PATIENCE.toNanos()) {
                return false;
            }
            Thread.sleep(500);
        }
    }

    /** Returns whether the vault went idle; {@code tick} runs on every check (progress). */
    static boolean untilIdle(VaultClient client, FunctionRunner runner, Runnable tick) throws InterruptedException {
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
