package dev.pvault.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pvault.aws.JobMetrics;
import dev.pvault.aws.S3BlobStore;
import dev.pvault.aws.WorkerConfig;
import dev.pvault.core.embed.Embedder;
import dev.pvault.core.embed.EmbeddingPurpose;
import dev.pvault.core.model.ChatMessage;
import dev.pvault.core.worker.JobState;
import dev.pvault.core.worker.TestVault;
import dev.pvault.embed.onnx.OnnxEmbedders;
import dev.pvault.store.postgres.PostgresEmbeddingStore;
import dev.pvault.store.postgres.PostgresSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The deployable jar run as Lambda runs it: its own process under the real runtime interface client, against
 * a Lambda Runtime API on loopback, with the environment of deploy/aws/template.yaml, the deployed model,
 * and real jobs through loopback S3 and PostgreSQL. The event JSON is an SQS fixture in Lambda's own shape
 * ({@code Records}, {@code messageId}, ...), which the runtime client's serializer turns into the handler's
 * {@code SQSEvent}; the handler's {@code SQSBatchResponse} goes back through the same serializer.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LambdaRuntimeIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MODEL = WorkerConfig.DEFAULT_EMBEDDER;
    private static final Duration ANSWER_WAIT = Duration.ofSeconds(90);

    private static LocalCloud cloud;
    private static TestVault vault;
    private static LambdaRuntimeApi api;
    private static LambdaProcess function;

    @BeforeAll
    static void startFunction() throws IOException {
        cloud = SharedCloud.get();
        vault = new TestVault(MODEL);
        migrate(cloud);
        api = LambdaRuntimeApi.start();
        Path cache = Files.createTempDirectory(cloud.home(), "lambda-tmp");
        function = LambdaProcess.start(
                api, LambdaProcess.Launch.onDemand(TemplateEnvironment.of(cloud, vault.workerKeys(), MODEL, cache)));
    }

    @AfterAll
    static void stopFunction() {
        if (function != null) {
            function.close();
        }
        if (api != null) {
            api.close();
        }
    }

    /** The deployment's migration step: the function itself runs with the template's PV_DB_MIGRATE. */
    static void migrate(LocalCloud cloud) {
        LocalCloud.Postgres postgres = cloud.postgres();
        try (PostgresEmbeddingStore store = PostgresEmbeddingStore.open(
                new PostgresSettings(postgres.jdbcUrl(), postgres.user(), "", 2, Duration.ofSeconds(5), true))) {
            store.migrate();
        }
    }

    @Test
    @Order(1) // the container's first invocation: its metrics say ColdStart
    void sqsBatch_isDeserialisedByTheRuntime_andOnlyTheFailedRecordIsReported() throws Exception {
        TestVault.SealedJob first = upload(vault.messages(12));
        TestVault.SealedJob second = upload(vault.messages("see you at noon", "the keys are under the mat"));
        String event = event(Map.of("job-0", first.body(), "job-1", "{\"not\": \"a job\"}", "job-2", second.body()));

        LambdaRuntimeApi.Result result = api.invoke(event, Duration.ofMinutes(5), ANSWER_WAIT);

        assertThat(result).as(function.output()).isInstanceOf(LambdaRuntimeApi.Response.class);
        JsonNode response = JSON.readTree(((LambdaRuntimeApi.Response) result).body());
        assertThat(response.fieldNames()).toIterable().containsExactly("batchItemFailures");
        assertThat(response.path("batchItemFailures").toString())
                .isEqualTo("[{\"itemIdentifier\":\"3f2535e5-a807-46ab-9295-ad03773cf7eb\"}]");
        try (PostgresEmbeddingStore store = store()) {
            assertThat(store.job(first.job().jobId()).orElseThrow().state()).isEqualTo(JobState.DONE);
            assertThat(store.job(second.job().jobId()).orElseThrow().state()).isEqualTo(JobState.DONE);
            Map<String, float[]> vectors = vault.openVectors(store);
            assertThat(vectors).hasSize(14);
            assertVectorsAreTheModels(second.messages(), vectors);
        }
        assertThat(emfRecords()).anySatisfy(emf -> {
            assertThat(emf.path("_aws").path("CloudWatchMetrics").toString()).contains(JobMetrics.NAMESPACE);
            assertThat(emf.path("Model").asText()).isEqualTo(MODEL);
            assertThat(emf.path("EmbeddingsGenerated").asInt()).isEqualTo(14);
            assertThat(emf.path("ItemsFailed").asInt()).isEqualTo(1);
            assertThat(emf.path("PoisonJobs").asInt()).isEqualTo(1);
            assertThat(emf.path("ColdStart").asInt()).isEqualTo(1);
        });
        assertNoPlaintextInTheLogs(first, second);
    }

    @Test
    void deadlineHeader_reachesTheContext_andRecordsThatCannotStartAreHandedBack() throws Exception {
        TestVault.SealedJob job = upload(vault.messages(3));
        long handback = Long.parseLong(TemplateEnvironment.templateVariables().get(WorkerConfig.HANDBACK_MS));
        String event = event(Map.of("job-0", job.body(), "job-1", job.body(), "job-2", job.body()));

        // Less time left than the template's hand-back reserve: nothing may start.
        LambdaRuntimeApi.Result result = api.invoke(event, Duration.ofMillis(handback / 2), ANSWER_WAIT);

        assertThat(result).as(function.output()).isInstanceOf(LambdaRuntimeApi.Response.class);
        JsonNode failures =
                JSON.readTree(((LambdaRuntimeApi.Response) result).body()).path("batchItemFailures");
        List<String> ids = new ArrayList<>();
        failures.forEach(failure -> ids.add(failure.path("itemIdentifier").asText()));
        assertThat(ids)
                .containsExactly(
                        "2e1424d4-f796-459a-8184-9c92662be6da",
                        "3f2535e5-a807-46ab-9295-ad03773cf7eb",
                        "4a3646f6-b918-47bc-a3a6-be14884dd8fc");
        try (PostgresEmbeddingStore store = store()) {
            assertThat(store.job(job.job().jobId())).as("the job never started").isEmpty();
        }
    }

    @Test
    void initError_aMissingRequiredVariable_isReportedToInitError() {
        Path cache = cloud.home().resolve("lambda-init-error");
        Map<String, String> env = new HashMap<>(TemplateEnvironment.of(cloud, vault.workerKeys(), MODEL, cache));
        env.remove(WorkerConfig.BUCKET);
        try (LambdaRuntimeApi failing = LambdaRuntimeApi.start();
                LambdaProcess process = LambdaProcess.start(failing, LambdaProcess.Launch.onDemand(env))) {
            Optional<LambdaRuntimeApi.Failure> error = failing.awaitInitError(Duration.ofSeconds(60));

            assertThat(error).as(process.output()).isPresent();
            assertThat(error.get().errorType()).isEqualTo("Runtime.BadFunctionCode");
            JsonNode body = readJson(error.get().body());
            assertThat(body.path("errorType").asText()).isEqualTo("dev.pvault.core.UserException");
            assertThat(body.path("errorMessage").asText()).contains(WorkerConfig.BUCKET);
            assertThat(process.awaitExit(Duration.ofSeconds(30))).isEqualTo(1);
            assertThat(failing.nextCalls())
                    .as("no invocation after a failed init")
                    .isZero();
        }
    }

    /** The vectors the function stored are the ones the library computes for the same texts. */
    private static void assertVectorsAreTheModels(List<ChatMessage> messages, Map<String, float[]> stored) {
        Path cache = cloud.home().resolve("test-jvm-model-cache");
        try (Embedder embedder = OnnxEmbedders.open(MODEL, OnnxEmbedders.Options.defaults(cache))) {
            List<float[]> expected = embedder.embed(
                            messages.stream().map(ChatMessage::text).toList(), EmbeddingPurpose.PASSAGE)
                    .vectors();
            for (int i = 0; i < messages.size(); i++) {
                float[] actual = stored.get(messages.get(i).id().hex());
                assertThat(actual).as("vector of message " + i).isNotNull();
                assertThat(actual).containsExactly(expected.get(i), within(1e-4f));
            }
        }
    }

    /** No message text reaches the function's stdout or stderr (CloudWatch Logs). */
    private static void assertNoPlaintextInTheLogs(TestVault.SealedJob... jobs) {
        String output = function.output();
        for (TestVault.SealedJob job : jobs) {
            for (ChatMessage message : job.messages()) {
                assertThat(output).doesNotContain(message.text());
            }
        }
    }

    private static List<JsonNode> emfRecords() {
        List<JsonNode> records = new ArrayList<>();
        for (String line : function.stdout()) {
            if (line.startsWith("{") && line.contains("\"_aws\"")) {
                records.add(readJson(line));
            }
        }
        return records;
    }

    private static JsonNode readJson(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(text, e);
        }
    }

    /** The three-record fixture with each {@code "{{job-N}}"} body replaced by a JSON string. */
    static String event(Map<String, String> bodies) throws IOException {
        return event("sqs-event-3.json", bodies);
    }

    /** Fixture {@code lambda/NAME} with each {@code "{{job-N}}"} body replaced by a JSON string. */
    static String event(String name, Map<String, String> bodies) throws IOException {
        String text;
        try (InputStream in = LambdaRuntimeIT.class.getResourceAsStream("/lambda/" + name)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (Map.Entry<String, String> body : bodies.entrySet()) {
            text = text.replace("\"{{" + body.getKey() + "}}\"", JSON.writeValueAsString(body.getValue()));
        }
        return text;
    }

    private static TestVault.SealedJob upload(List<ChatMessage> messages) {
        TestVault.SealedJob job = vault.seal(messages);
        LocalCloud.S3 s3 = cloud.s3();
        try (S3BlobStore blobs = S3BlobStore.connect(
                s3.bucket(), Optional.of(s3.region()), Optional.of(s3.endpoint()), LocalCloud.CREDENTIALS)) {
            blobs.put(job.objectKey(), job.envelope());
        }
        return job;
    }

    private static PostgresEmbeddingStore store() {
        LocalCloud.Postgres postgres = cloud.postgres();
        return PostgresEmbeddingStore.open(
                new PostgresSettings(postgres.jdbcUrl(), postgres.user(), "", 1, Duration.ofSeconds(5), false));
    }
}
