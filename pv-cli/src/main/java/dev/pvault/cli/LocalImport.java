package dev.pvault.cli;

import dev.pvault.client.ImportSummary;
import dev.pvault.client.VaultClient;
import dev.pvault.client.VaultStatus;
import dev.pvault.client.importer.PreparedImport;
import dev.pvault.core.UserException;
import dev.pvault.core.crypto.UserKeys;
import dev.pvault.core.model.JobId;
import dev.pvault.local.FunctionRunner;
import java.util.List;
import java.util.Set;

/**
 * An import in local mode, as {@code pvault import} and {@code pvault demo} run it: the function instances
 * start first (embedding overlaps with sealing), the client seals and queues the new messages, and unless
 * told not to wait, the progress is shown until no job of the vault is pending.
 */
final class LocalImport {
    /** What happened: the client's summary, this import's counts by state, the wall time. */
    record Outcome(ImportSummary summary, VaultStatus.Counts counts, double seconds, boolean waited, boolean idle) {}

    private LocalImport() {}

    /** Imports {@code files}; with {@code workers} (null: do not wait) it runs them until the import is done. */
    static Outcome run(
            OpenVault vault,
            UserKeys keys,
            List<PreparedImport> files,
            FunctionRunner.Settings workers,
            boolean quiet) {
        VaultClient client = vault.client();
        long started = System.nanoTime();
        boolean wait = workers != null;
        if (wait && vault.local()) {
            vault.runner(workers); // the function instances start first: embedding overlaps with sealing
        }
        ImportSummary summary;
        boolean idle = false;
        try (Progress progress = Progress.start("Embedding", quiet || !wait)) {
            summary = client.importFiles(files, keys, progress::addWork);
            if (wait) {
                idle = await(vault, client, workers, client.jobsOf(summary.importId()), progress, quiet);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserException("interrupted; 'pvault status' shows where the import stands");
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        VaultStatus.Counts counts = client.status().imports().stream()
                .filter(i -> summary.importId().equals(i.importId()))
                .map(VaultStatus.ImportCounts::counts)
                .findFirst()
                .orElse(VaultStatus.Counts.ZERO);
        return new Outcome(summary, counts, seconds, wait, idle);
    }

    private static boolean await(
            OpenVault vault,
            VaultClient client,
            FunctionRunner.Settings workers,
            Set<JobId> jobs,
            Progress progress,
            boolean quiet)
            throws InterruptedException {
        boolean idle = Drain.untilIdle(vault, client, workers, () -> progress.doneTo(client.doneMessages(jobs), quiet));
        progress.doneTo(client.doneMessages(jobs), quiet);
        return idle;
    }
}
