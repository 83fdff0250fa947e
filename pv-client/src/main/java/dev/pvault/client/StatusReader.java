package dev.pvault.client;

import dev.pvault.client.VaultStatus.Counts;
import dev.pvault.client.VaultStatus.ImportCounts;
import dev.pvault.core.model.JobId;
import dev.pvault.core.worker.JobState;
import dev.pvault.core.worker.JobStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Counts messages by state. The store's job rows are the truth (the client records a job before it sends
 * it, so every job on the queue has a row); the journals only group them by import. A job in the
 * dead-letter queue counts as dead whatever its row says. Each job falls in exactly one bucket, so the
 * counts add up.
 */
final class StatusReader {
    private StatusReader() {}

    static VaultStatus read(List<JobStatus> rows, List<ImportJournal.Entry> journals, Set<JobId> dead) {
        Map<JobId, UUID> importOf = new HashMap<>();
        Map<UUID, ImportCounts> byImport = new LinkedHashMap<>();
        for (ImportJournal.Entry entry : journals) {
            byImport.put(entry.importId(), new ImportCounts(entry.importId(), entry.started(), Counts.ZERO));
            entry.jobs().forEach(job -> importOf.put(job.jobId(), entry.importId()));
        }
        Counts total = Counts.ZERO;
        Counts unknownImport = Counts.ZERO;
        for (JobStatus row : rows) {
            Counts counts = classify(
                    row.ticket().messageCount(),
                    row.state(),
                    dead.contains(row.ticket().jobId()));
            total = total.plus(counts);
            UUID importId = importOf.get(row.ticket().jobId());
            if (importId == null) {
                unknownImport = unknownImport.plus(counts);
            } else {
                add(byImport, importId, counts);
            }
        }
        List<ImportCounts> imports = new ArrayList<>(byImport.values());
        imports.removeIf(i -> i.counts().jobs() == 0);
        if (unknownImport.jobs() > 0) {
            imports.add(new ImportCounts(null, null, unknownImport));
        }
        return new VaultStatus(total, imports);
    }

    private static void add(Map<UUID, ImportCounts> byImport, UUID importId, Counts counts) {
        byImport.computeIfPresent(
                importId,
                (id, current) ->
                        new ImportCounts(id, current.started(), current.counts().plus(counts)));
    }

    private static Counts classify(long messages, JobState state, boolean dead) {
        if (dead) {
            return new Counts(messages, 0, 0, 0, 0, messages, 1);
        }
        return switch (state) {
            case QUEUED -> new Counts(messages, messages, 0, 0, 0, 0, 1);
            case RUNNING -> new Counts(messages, 0, messages, 0, 0, 0, 1);
            case DONE -> new Counts(messages, 0, 0, messages, 0, 0, 1);
            case FAILED -> new Counts(messages, 0, 0, 0, messages, 0, 1);
        };
    }
}
