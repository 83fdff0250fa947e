package dev.pvault.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pvault.core.model.ChatMessage;
import dev.pvault.core.worker.InMemoryBlobStore;
import dev.pvault.core.worker.InMemoryEmbeddingStore;
import dev.pvault.core.worker.JobProcessor;
import dev.pvault.core.worker.JobState;
import dev.pvault.core.worker.TestClock;
import dev.pvault.core.worker.TestEmbedder;
import dev.pvault.core.worker.TestLogs;
import dev.pvault.core.worker.TestVault;
import dev.pvault.core.worker.WorkerKeySource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import software.amazon.cloudwatchlogs.emf.model.MetricsContext;
import software.amazon.cloudwatchlogs.emf.sinks.ISink;

class EmbedFunctionTest {
    private static final String SECRET = "my passport number is X4471920";
    private static final Duration HANDBACK = Duration.ofSeconds(10);

    private final TestClock clock = new TestClock();
    private final TestEmbedder embedder = new TestEmbedder();
    private final TestVault vault = new TestVault(embedder.modelId());
    private final InMemoryBlobStore blobs = new InMemoryBlobStore();
    private final InMemoryEmbeddingStore store = new InMemoryEmbeddingStore();
    private final List<String> emf = new ArrayList<>();
    private final JobMetrics metrics = new JobMetrics(new JobMetrics.PlainEnvironment("test", new ISink() {
        @Override
        public void accept(MetricsContext context) {
            try {
                emf.addAll(context.serialize());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public CompletableFuture<Void> shutdown() {
            return CompletableFuture.completedFuture(null);
        }
    }));
    private final EmbedFunction function = function(embedder);

    private EmbedFunction function(TestEmbedder with) {
        JobProcessor processor = new JobProcessor(
                blobs, store, with, WorkerKeySource.of(vault.workerKeys()), clock, JobProcessor.Settings.DEFAULTS);
        return new EmbedFunction(
                new WorkerLoop(processor, new WorkerLoop.Settings(HANDBACK, 1), metrics, clock), clock);
    }

    private TestContext context(Duration remaining) {
        return new TestContext(remaining, clock);
    }

    private TestVault.SealedJob upload(List<ChatMessage> messages) {
        TestVault.SealedJob job = vault.seal(messages);
        blobs.put(job.objectKey(), job.envelope());
        return job;
    }

    /** Ten uploaded jobs of {@code messages} messages each, as the bodies of the 10-record fixture. */
    private Map<String, String> tenJobs(int messages) {
        Map<String, String> bodies = new HashMap<>();
        for (int i = 0; i < 10; i++) {
            bodies.put("job-" + i, upload(vault.messages(messages)).body());
        }
        return bodies;
    }

    private static List<String> failures(SQSBatchResponse response) {
        return response.getBatchItemFailures().stream()
                .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .toList();
    }

    private static List<String> ids(SQSEvent event) {
        return event.getRecords().stream()
                .map(SQSEvent.SQSMessage::getMessageId)
                .toList();
    }

    @Test
    void standardBatch_oneTamperedRecordAmongNine_storesNineAndReportsOne() {
        Map<String, String> bodies = new HashMap<>();
        List<TestVault.SealedJob> jobs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            TestVault.SealedJob job = upload(vault.messages(3));
            jobs.add(job);
            bodies.put("job-" + i, job.body());
        }
        byte[] tampered = jobs.get(4).envelope().clone();
        tampered[tampered.length - 40] ^= 0x40; // in the GCM tag: the worker does not check the origin tag
        blobs.put(jobs.get(4).objectKey(), tampered);
        SQSEvent event = Events.load("sqs-standard-10.json", bodies);

        SQSBatchResponse response = function.handleRequest(event, context(Duration.ofMinutes(5)));

        assertThat(failures(response)).containsExactly(ids(event).get(4));
        assertThat(vault.openVectors(store)).hasSize(27);
        assertThat(store.job(jobs.get(4).job().jobId()).orElseThrow().state()).isEqualTo(JobState.FAILED);
        for (int i = 0; i < 10; i++) {
            if (i != 4) {
                assertThat(store.job(jobs.get(i).job().jobId()).orElseThrow().state())
                        .isEqualTo(JobState.DONE);
            }
        }
    }

    @Test
    void redeliveredBatch_embedsNothing() {
        SQSEvent event = Events.load("sqs-standard-10.json", tenJobs(2));
        function.handleRequest(event, context(Duration.ofMinutes(5)));
        int calls = embedder.calls();

        SQSBatchResponse again = function.handleRequest(event, context(Duration.ofMinutes(5)));

        assertThat(failures(again)).isEmpty();
        assertThat(embedder.calls()).isEqualTo(calls);
        assertThat(store.vectors(vault.userId(), vault.model())).hasSize(20);
    }

    @Test
    void storeDown_reportsTheRecordForRetry() {
        SQSEvent event = Events.load("sqs-standard-10.json", tenJobs(1));
        store.failNextCalls(1);

        SQSBatchResponse response = function.handleRequest(event, context(Duration.ofMinutes(5)));

        assertThat(failures(response)).containsExactly(ids(event).getFirst());
        assertThat(store.vectors(vault.userId(), vault.model())).hasSize(9);
    }

    @Test
    void fifoBatch_stopsAtTheFirstFailureAndHandsBackTheRest() {
        TestVault.SealedJob first = upload(vault.messages(2));
        TestVault.SealedJob second = vault.seal(vault.messages(2)); // never uploaded: poison
        TestVault.SealedJob third = upload(vault.messages(2));
        SQSEvent event = Events.load(
                "sqs-fifo-3.json",
                Map.of(
                        "job-0", first.body(),
                        "job-1", second.body(),
                        "job-2", third.body(),
                        "group", vault.userId().toString(),
                        "dedup-0", first.job().jobId().toString(),
                        "dedup-1", second.job().jobId().toString(),
                        "dedup-2", third.job().jobId().toString()));

        SQSBatchResponse response = function.handleRequest(event, context(Duration.ofMinutes(5)));

        assertThat(failures(response))
                .containsExactly(ids(event).get(1), ids(event).get(2));
        assertThat(store.job(third.job().jobId())).isEmpty();
        assertThat(embedder.texts()).isEqualTo(2);
    }

    @Test
    void runningOutOfTime_handsBackTheRecordsNotStarted() {
        SQSEvent event = Events.load("sqs-standard-10.json", tenJobs(1));
        EmbedFunction slow = function(new TestEmbedder().onCall(() -> clock.advance(Duration.ofSeconds(3))));

        // 30 s left, 10 s kept in reserve, 3 s a job. Jobs 0..5 start at 0..15 s and finish in time. Job 6
        // starts at 18 s with a deadline of 20 s, embeds until 21 s and is handed back before storing
        // anything; jobs 7..9 are not started.
        SQSBatchResponse response = slow.handleRequest(event, context(Duration.ofSeconds(30)));

        assertThat(failures(response)).containsExactlyElementsOf(ids(event).subList(6, 10));
        assertThat(store.vectors(vault.userId(), vault.model())).hasSize(6);
    }

    @Test
    void noTimeLeft_handsBackEverything() {
        SQSEvent event = Events.load("sqs-standard-10.json", Map.of());

        SQSBatchResponse response = function.handleRequest(event, context(HANDBACK));

        assertThat(failures(response)).containsExactlyElementsOf(ids(event));
        assertThat(embedder.calls()).isZero();
    }

    @Test
    void unreadableBodies_arePoisonNotExceptions() {
        SQSEvent event = Events.load("sqs-standard-10.json", Map.of("job-0", "", "job-1", "{\"version\":1}"));

        SQSBatchResponse response = function.handleRequest(event, context(Duration.ofMinutes(5)));

        assertThat(failures(response)).containsExactlyElementsOf(ids(event));
    }

    @Test
    void metrics_areEmfLinesWithCountsDurationsAndTheModelOnly() throws Exception {
        TestVault.SealedJob good = upload(vault.messages(SECRET, "second"));
        TestVault.SealedJob poison = vault.seal(vault.messages(1));
        SQSEvent event = Events.load("sqs-standard-10.json", Map.of("job-0", good.body(), "job-1", poison.body()));

        function.handleRequest(event, context(Duration.ofMinutes(5)));
        function.handleRequest(Events.load("sqs-standard-10.json", Map.of()), context(Duration.ofMinutes(5)));

        assertThat(emf).hasSize(2);
        JsonNode first = new ObjectMapper().readTree(emf.getFirst());
        JsonNode directive = first.path("_aws").path("CloudWatchMetrics").get(0);
        assertThat(directive.path("Namespace").asText()).isEqualTo("PersonalVault");
        assertThat(directive.path("Dimensions").toString()).isEqualTo("[[\"Model\"]]");
        List<String> names = new ArrayList<>();
        directive.path("Metrics").forEach(m -> names.add(m.path("Name").asText()));
        assertThat(names).contains("EmbeddingsGenerated", "ItemsFailed", "PoisonJobs", "JobDurationMs", "ColdStart");
        assertThat(first.path("Model").asText()).isEqualTo(embedder.modelId());
        assertThat(first.path("EmbeddingsGenerated").asInt()).isEqualTo(2);
        assertThat(first.path("ItemsFailed").asInt()).isEqualTo(10 - 1);
        assertThat(first.path("PoisonJobs").asInt()).isEqualTo(9);
        assertThat(first.path("ColdStart").asInt()).isEqualTo(1);
        assertThat(new ObjectMapper().readTree(emf.get(1)).path("ColdStart").asInt())
                .isZero();
        String all = String.join("\n", emf);
        assertThat(all)
                .doesNotContain("X4471920")
                .doesNotContain(good.job().jobId().toString())
                .doesNotContain(vault.userId().toString());
    }

    @Test
    void logsOfAFullRun_holdNoTextKeyOrVector() {
        List<ChatMessage> messages = vault.messages(SECRET, "the spare key is under the blue pot");
        TestVault.SealedJob good = upload(messages);
        TestVault.SealedJob tampered = vault.seal(vault.messages(SECRET));
        byte[] broken = tampered.envelope().clone();
        broken[broken.length - 40] ^= 1; // in the GCM tag: the worker does not check the origin tag
        blobs.put(tampered.objectKey(), broken);
        SQSEvent event = Events.load("sqs-standard-10.json", Map.of("job-0", good.body(), "job-1", tampered.body()));

        String logs = TestLogs.stderrOf(() -> function.handleRequest(event, context(Duration.ofMinutes(5))));

        assertThat(logs).contains("job " + good.job().jobId() + " stored").contains("is poison");
        byte[] workerKey = vault.workerKeys().current().exportPrivateKey();
        byte[] userKey = vault.userKeys().keyPair().exportPrivateKey();
        float[] vector = embedder.vectorOf(messages.getFirst().text());
        assertThat(logs)
                .doesNotContain("X4471920")
                .doesNotContain("blue pot")
                .doesNotContain(Base64.getEncoder().encodeToString(workerKey))
                .doesNotContain(Base64.getEncoder().encodeToString(userKey))
                .doesNotContain(Float.toString(vector[0]))
                .doesNotContain(good.job().toJson());
    }

    @Test
    void emptyEvent_returnsNoFailures() {
        assertThat(failures(function.handleRequest(new SQSEvent(), context(Duration.ofMinutes(1)))))
                .isEmpty();
    }
}
