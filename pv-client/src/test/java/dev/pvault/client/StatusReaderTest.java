package dev.pvault.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pvault.core.model.BatchId;
import dev.pvault.core.model.JobId;
import dev.pvault.core.model.UserId;
import dev.pvault.core.worker.JobCounts;
import dev.pvault.core.worker.JobState;
import dev.pvault.core.worker.JobStatus;
import dev.pvault.core.worker.JobTicket;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class StatusReaderTest {
    private static final Instant T = Instant.parse("2024-01-01T00:00:00Z");
    private final UserId user = UserId.random();

    private JobStatus job(int messages, JobState state) {
        return new JobStatus(
                new JobTicket(JobId.random(), user, BatchId.random(), "m", messages),
                state,
                1,
                JobCounts.NONE,
                Optional.empty(),
                Optional.empty(),
                T,
                T);
    }

    @Test
    void counts_addUpToWhatWasImported_andDeadWinsOverTheRowsState() {
        JobStatus queued = job(10, JobState.QUEUED);
        JobStatus running = job(20, JobState.RUNNING);
        JobStatus done = job(30, JobState.DONE);
        JobStatus failed = job(40, JobState.FAILED);
        JobStatus dead = job(50, JobState.FAILED);
        UUID importId = UUID.randomUUID();
        ImportJournal.Entry journal = new ImportJournal.Entry(
                importId,
                T,
                List.of(
                        new ImportJournal.PlannedJob(importId, queued.ticket().jobId(), 10, null, true),
                        new ImportJournal.PlannedJob(importId, done.ticket().jobId(), 30, null, true)));

        VaultStatus status = StatusReader.read(
                List.of(queued, running, done, failed, dead),
                List.of(journal),
                Set.of(dead.ticket().jobId()));

        VaultStatus.Counts total = status.total();
        assertThat(total).isEqualTo(new VaultStatus.Counts(150, 10, 20, 30, 40, 50, 5));
        assertThat(total.queued() + total.running() + total.done() + total.failed() + total.dead())
                .isEqualTo(total.imported());
        assertThat(status.imports()).hasSize(2);
        assertThat(status.imports().getFirst().importId()).isEqualTo(importId);
        assertThat(status.imports().getFirst().counts()).isEqualTo(new VaultStatus.Counts(40, 10, 0, 30, 0, 0, 2));
        assertThat(status.imports().get(1).importId()).isNull(); // jobs no journal of this device knows
    }

    @Test
    void anEmptyVault_countsNothing() {
        VaultStatus status = StatusReader.read(List.of(), List.of(), Set.of());
        assertThat(status.total()).isEqualTo(VaultStatus.Counts.ZERO);
        assertThat(status.imports()).isEmpty();
    }
}
