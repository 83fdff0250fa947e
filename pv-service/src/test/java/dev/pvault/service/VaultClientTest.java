package dev.pvault.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pvault.client.ImportSummary;
import dev.pvault.client.SearchRequest;
import dev.pvault.client.SearchResults;
import dev.pvault.client.VaultClient;
import dev.pvault.client.VaultHome;
import dev.pvault.client.VaultStatus;
import dev.pvault.client.importer.ChatImporter;
import dev.pvault.client.importer.ImportOptions;
import dev.pvault.client.importer.PreparedImport;
import dev.pvault.core.UserException;
import dev.pvault.core.api.DeadJob;
import dev.pvault.core.api.VaultApi;
import dev.pvault.core.crypto.Argon2Settings;
import dev.pvault.core.crypto.JobDocument;
import dev.pvault.core.crypto.UserKeys;
import dev.pvault.core.crypto.WorkerKeyring;
import dev.pvault.core.worker.InMemoryBlobStore;
import dev.pvault.core.worker.InMemoryEmbeddingStore;
import dev.pvault.core.worker.InMemoryJobQueue;
import dev.pvault.core.worker.JobOutcome;
import dev.pvault.core.worker.JobProcessor;
import dev.pvault.core.worker.JobState;
import dev.pvault.core.worker.QueuedJob;
import dev.pvault.core.worker.TestClock;
import dev.pvault.core.worker.TestEmbedder;
import dev.pvault.core.worker.WorkerKeySource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client's whole life with a vault, fast: the real VaultClient, VaultService and JobProcessor on in-memory
 * adapters, the worker run by hand. Import, dedupe on re-import, status adds up, search, the dead-letter queue
 * (list and redrive), delete a chat and everything.
 */
class VaultClientTest {
    private static final char[] PASSPHRASE = "a long passphrase for tests".toCharArray();
    private static final Argon2Settings FAST = new Argon2Settings(1024, 1, 1);

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock();
    private final TestEmbedder embedder = new TestEmbedder();
    private final InMemoryBlobStore blobs = new InMemoryBlobStore();
    private final InMemoryEmbeddingStore store = new InMemoryEmbeddingStore();
    private final InMemoryJobQueue queue = new InMemoryJobQueue(false, clock);
    private final InMemoryJobQueue deadLetters = new InMemoryJobQueue(false, clock);
    private final InMemoryObjects objects = new InMemoryObjects(blobs, clock, Duration.ofMinutes(5));
    private VaultHome home;
    private UserKeys keys;
    private WorkerKeyring worker;
    private VaultApi api;
    private VaultClient client;
    private JobProcessor processor;

    @BeforeEach
    void open() {
        home = VaultHome.create(dir.resolve("vault"), PASSPHRASE, FAST, embedder.modelId(), embedder.modelId());
        keys = home.unlock(PASSPHRASE);
        worker = home.workerKeyring();
        VaultService service = new VaultService(
                new VaultServiceTest.Ports(blobs, store, queue, deadLetters),
                objects,
                clock,
                VaultService.Settings.of(worker.current().publicKey(), embedder.modelId())
                        .lookingAtDeadLettersEveryTime());
        api = service.as(home.userId());
        client = new VaultClient(
                home,
                api,
                objects,
                embedder.modelId(),
                home.workerPublicKey(),
                clock,
                new VaultClient.Settings(4, 1 << 20));
        client.register(home.userPublicKey());
        processor = new JobProcessor(
                blobs, store, embedder, WorkerKeySource.of(worker), clock, JobProcessor.Settings.DEFAULTS);
    }

    @AfterEach
    void close() {
        keys.close();
        worker.close();
    }

    private PreparedImport chat(String name, String... lines) throws IOException {
        StringBuilder jsonl = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            jsonl.append("{\"chat\":\"")
                    .append(name)
                    .append("\",\"sender\":\"")
                    .append(i % 2 == 0 ? "Ana" : "Ben")
                    .append("\",\"time\":\"2024-05-01T08:")
                    .append(String.format("%02d", i))
                    .append(":00\",\"text\":\"")
                    .append(lines[i])
                    .append("\"}\n");
        }
        Path file = Files.writeString(dir.resolve(name + ".jsonl"), jsonl);
        return ChatImporter.prepare(file, ImportOptions.defaults());
    }

    /** What the worker does: every job on the queue processed, succeeded ones deleted. */
    private List<JobOutcome> runWorker() {
        List<JobOutcome> outcomes = new ArrayList<>();
        for (List<QueuedJob> batch = queue.receive(10, Duration.ZERO, Duration.ofMinutes(1));
                !batch.isEmpty();
                batch = queue.receive(10, Duration.ZERO, Duration.ofMinutes(1))) {
            for (QueuedJob job : batch) {
                JobOutcome outcome =
                        processor.process(job.body(), clock.instant().plusSeconds(60));
                outcomes.add(outcome);
                if (outcome.succeeded()) {
                    queue.delete(job);
                }
            }
        }
        return outcomes;
    }

    private static void assertAddsUp(VaultStatus.Counts counts) {
        assertThat(counts.queued() + counts.running() + counts.done() + counts.failed() + counts.dead())
                .isEqualTo(counts.imported());
    }

    @Test
    void import_thenWorker_thenSearch_findsTheMessages() throws IOException {
        ImportSummary summary = client.importFiles(
                List.of(chat("Family", "the dentist is on thursday", "ok", "bring the tent", "who has the keys", "x")),
                keys,
                count -> {});

        assertThat(summary.newMessages()).isEqualTo(5);
        assertThat(summary.jobs()).isEqualTo(2); // four messages a batch
        assertThat(client.workPending()).isTrue();
        assertThat(runWorker()).allMatch(JobOutcome::succeeded);

        VaultStatus.Counts total = client.status().total();
        assertThat(total.done()).isEqualTo(5);
        assertAddsUp(total);
        SearchResults results = client.search(SearchRequest.of("bring the tent", 2), keys, embedder);
        assertThat(results.hits().getFirst().text()).isEqualTo("bring the tent");
        assertThat(results.searched()).isEqualTo(5);
    }

    @Test
    void aSecondImportOfTheSameChat_sendsOnlyWhatIsNew_andOpensNoBatch() throws IOException {
        client.importFiles(List.of(chat("Family", "one", "two", "three")), keys, count -> {});
        runWorker();
        int reads = blobs.gets();

        ImportSummary again =
                client.importFiles(List.of(chat("Family", "one", "two", "three", "four")), keys, count -> {});

        assertThat(again.alreadyPresent()).isEqualTo(3);
        assertThat(again.newMessages()).isEqualTo(1);
        assertThat(blobs.gets()).as("batches read to learn what the vault has").isEqualTo(reads);
    }

    @Test
    void anInterruptedImport_isSentAgainByTheNext() throws IOException {
        client.importFiles(List.of(chat("Family", "one", "two")), keys, count -> {});
        // As if the process died after the upload and before the service answered: the job is in the journal,
        // unsent, and the service has never seen it.
        JobDocument planned = queue.receive(10, Duration.ZERO, Duration.ofMinutes(1)).stream()
                .map(message -> JobDocument.parse(message.body()))
                .findFirst()
                .orElseThrow();
        store.deleteJobs(home.userId(), List.of(planned.jobId()));
        markUnsent(planned);

        assertThat(client.resendUnsent()).isEqualTo(1);
        assertThat(store.job(planned.jobId()).orElseThrow().state()).isEqualTo(JobState.QUEUED);
    }

    /** Rewrites the journal so that its last job reads as planned and not sent. */
    private void markUnsent(JobDocument job) throws IOException {
        Path folder = home.root().resolve("imports");
        try (var files = Files.list(folder)) {
            for (Path file : files.toList()) {
                List<String> lines = Files.readAllLines(file);
                lines.removeIf(line ->
                        line.contains("\"sent\"") && line.contains(job.jobId().toString()));
                Files.write(file, lines);
            }
        }
    }

    @Test
    void deadLetters_areListedWithTheirReason_andRedrivenToTheQueue() throws IOException {
        client.importFiles(List.of(chat("Family", "one", "two")), keys, count -> {});
        QueuedJob message =
                queue.receive(10, Duration.ZERO, Duration.ofMinutes(1)).getFirst();
        JobDocument job = JobDocument.parse(message.body());
        store.recordFailure(job.jobId(), "poison: the batch did not authenticate", true, clock.instant());
        queue.delete(message);
        deadLetters.send(job); // what the queue's redrive policy does after maxReceiveCount

        List<DeadJob> dead = client.deadJobs();
        assertThat(dead).singleElement().satisfies(one -> {
            assertThat(one.jobId()).contains(job.jobId());
            assertThat(one.messages()).isEqualTo(2);
            assertThat(one.reason()).contains("poison: the batch did not authenticate");
        });
        assertThat(client.status().total().dead()).isEqualTo(2);
        assertAddsUp(client.status().total());

        assertThat(client.redrive()).isEqualTo(1);
        assertThat(client.deadJobs()).isEmpty();
        assertThat(runWorker()).singleElement().matches(JobOutcome::succeeded);
        assertThat(client.status().total().done()).isEqualTo(2);
    }

    @Test
    void deleteChat_removesItsBatchesJobsAndVectors_andNothingElse() throws IOException {
        client.importFiles(List.of(chat("Family", "one", "two"), chat("Work", "standup at nine")), keys, count -> {});
        runWorker();

        var deletion = client.deleteChat("Family", keys);

        assertThat(deletion.batches()).isEqualTo(1);
        assertThat(deletion.vectors()).isEqualTo(2);
        SearchResults left = client.search(SearchRequest.of("standup", 5), keys, embedder);
        assertThat(left.hits()).extracting(hit -> hit.chat()).containsOnly("Work");
        assertThatThrownBy(() -> client.deleteChat("Nope", keys)).isInstanceOf(UserException.class);
    }

    @Test
    void deleting_whileJobsArePending_isRefused() throws IOException {
        client.importFiles(List.of(chat("Family", "one")), keys, count -> {});

        assertThatThrownBy(() -> client.deleteAll())
                .isInstanceOf(UserException.class)
                .hasMessageContaining("still queued or running");
    }

    @Test
    void deleteAll_leavesNothingOfTheUser() throws IOException {
        client.importFiles(List.of(chat("Family", "one", "two", "three", "four", "five")), keys, count -> {});
        runWorker();

        var deletion = client.deleteAll();

        assertThat(deletion.jobs()).isEqualTo(2);
        assertThat(store.jobs(home.userId())).isEmpty();
        assertThat(blobs.list("v1/" + home.userId() + "/")).isEmpty();
        assertThat(client.status().total().imported()).isZero();
    }
}
