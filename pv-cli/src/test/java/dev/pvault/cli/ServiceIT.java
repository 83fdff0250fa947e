package dev.pvault.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pvault.core.crypto.BatchEnvelope;
import dev.pvault.core.crypto.JobDocument;
import dev.pvault.core.crypto.JobEnvelope;
import dev.pvault.core.crypto.MessageIdAssigner;
import dev.pvault.core.crypto.RecipientPublicKey;
import dev.pvault.core.crypto.SealedBatch;
import dev.pvault.core.crypto.UserKeys;
import dev.pvault.core.model.BatchId;
import dev.pvault.core.model.ChatMessage;
import dev.pvault.core.model.JobId;
import dev.pvault.core.model.MessageKind;
import dev.pvault.core.model.UserId;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The vault service as its users meet it, every party an OS process of its own on loopback: {@code pvault serve}
 * (the API, S3, SQS and PostgreSQL, no workers of its own), {@code pvault worker --service-home} (the worker), and
 * two clients, alice and bob, each with a vault bound to the service and a token of their own. Alice imports a
 * real export and finds a message by paraphrase; bob sees nothing of hers and can change nothing of hers, by the
 * CLI or by hand-made requests; requests without a valid token, malformed or oversize ones are refused with a
 * problem document, and nothing is stored.
 */
class ServiceIT {
    static final Path EXPORT = SemanticSearchIT.EXPORT;
    static final String EMBEDDER = "onnx:all-minilm-l6-v2-q";
    static final String PASSPHRASE = "correct horse battery staple orbit";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    static Path serviceHome;
    static ChildPvault.Child service;
    static ChildPvault.Child worker;
    static URI url;
    static String aliceToken;
    static String bobToken;
    static Path alice;
    static Path bob;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Files.isRegularFile(EXPORT), "shared test data not found at " + EXPORT + "; skipping");
        serviceHome = dir.resolve("service");
        service = ChildPvault.spawn(
                dir,
                Map.of(),
                "serve",
                "--home",
                serviceHome.toString(),
                "--port",
                "0",
                "--workers",
                "0",
                "--json",
                "--embedder",
                EMBEDDER);
        url = URI.create(awaitReadyLine(service).get("url").asText());
        worker = ChildPvault.spawn(dir, Map.of(), "worker", "--service-home", serviceHome.toString());
        aliceToken = token("alice");
        bobToken = token("bob");
        alice = init("alice", aliceToken);
        bob = init("bob", bobToken);
    }

    @AfterAll
    static void stop() throws Exception {
        for (ChildPvault.Child child : new ChildPvault.Child[] {worker, service}) {
            if (child != null) {
                child.process().destroy(); // SIGTERM: both stop cleanly
                child.process().waitFor();
            }
        }
    }

    /** The service's one JSON line once it is ready. */
    static JsonNode awaitReadyLine(ChildPvault.Child child) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            String out = child.stdout();
            if (out.contains("\n")) {
                return JSON.readTree(out.lines().findFirst().orElseThrow());
            }
            assertThat(child.process().isAlive()).as(child.stderr()).isTrue();
            Thread.sleep(200);
        }
        throw new AssertionError("pvault serve did not get ready: " + child.stderr());
    }

    static String token(String user) throws Exception {
        return tokenFor(dir, serviceHome, user);
    }

    static String tokenFor(Path logs, Path serviceHome, String user) throws Exception {
        CliTest.Run run = ChildPvault.run(logs, Map.of(), "serve", "token", user, "--home", serviceHome.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().lines()).hasSize(1); // the token alone on stdout
        return run.out().strip();
    }

    /** How many sealed vectors the service at {@code service} holds for the token's user and {@code model}. */
    static int vectorsOf(String service, String token, String model) throws Exception {
        int vectors = 0;
        long after = 0;
        boolean more = true;
        while (more) {
            HttpResponse<String> page = HTTP.send(
                    HttpRequest.newBuilder(URI.create(
                                    service + "/v1/results?model=" + model + "&after=" + after + "&limit=100"))
                            .header("Authorization", "Bearer " + token)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode json = JSON.readTree(page.body());
            for (JsonNode job : json.get("results")) {
                vectors += job.get("vectors").size();
            }
            after = json.get("next").asLong();
            more = json.get("more").asBoolean();
        }
        return vectors;
    }

    static Path init(String user, String token) throws Exception {
        Path home = dir.resolve(user);
        CliTest.Run run = client(home, token, "init", "--service", url.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        return home;
    }

    static CliTest.Run client(Path home, String token, String... args) throws Exception {
        List<String> full = new ArrayList<>(List.of(args));
        full.addAll(List.of("--home", home.toString()));
        return ChildPvault.run(
                dir, Map.of("PV_TOKEN", token, "PV_PASSPHRASE", PASSPHRASE), full.toArray(String[]::new));
    }

    static JsonNode clientJson(Path home, String token, String... args) throws Exception {
        List<String> full = new ArrayList<>(List.of(args));
        full.add("--json");
        CliTest.Run run = client(home, token, full.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.err()).isZero();
        return JSON.readTree(run.out());
    }

    static HttpResponse<String> call(String method, String path, String token, String contentType, byte[] body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(url.resolve(path))
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(String path, String token) throws Exception {
        return call("GET", path, token, null, null);
    }

    static void assertProblem(HttpResponse<String> response, int status, String type) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("type").asText()).isEqualTo("https://pvault.dev/problems/" + type);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
    }

    @Test
    void aliceFindsHerMessage_andBobCanNeitherSeeNorTouchIt() throws Exception {
        JsonNode imported = clientJson(alice, aliceToken, "import", EXPORT.toString());
        assertThat(imported.at("/status/done").asInt()).isEqualTo(43);
        LocalModeIT.assertAddsUp(imported.get("status"));
        JsonNode found = clientJson(alice, aliceToken, "search", "which coffee place did he suggest", "-k", "3");
        List<String> texts = new ArrayList<>();
        found.get("results").forEach(hit -> texts.add(hit.get("text").asText()));
        assertThat(texts).anySatisfy(text -> assertThat(text).contains("The Cozy Bean"));
        JsonNode before = clientJson(alice, aliceToken, "status");

        // What bob's own vault shows of the service: nothing.
        assertThat(clientJson(bob, bobToken, "status").get("imported").asInt()).isZero();
        assertThat(clientJson(bob, bobToken, "search", "coffee", "-k", "3").get("results"))
                .isEmpty();
        assertThat(clientJson(bob, bobToken, "dlq", "redrive").get("redriven").asInt())
                .isZero();

        // Hand-made requests with bob's token, naming alice's things.
        JsonNode aliceJobs = JSON.readTree(get("/v1/jobs", aliceToken).body());
        JsonNode aliceJob = aliceJobs.get("jobs").get(0);
        String jobId = aliceJob.get("jobId").asText();
        String batchId = aliceJob.get("batchId").asText();
        assertProblem(get("/v1/jobs/" + jobId, bobToken), 404, "not-found");
        assertProblem(get("/v1/batches/" + batchId, bobToken), 404, "not-found");
        assertThat(JSON.readTree(get("/v1/results?model=" + EMBEDDER, bobToken).body())
                        .get("results"))
                .isEmpty();
        JsonNode deleted = JSON.readTree(call(
                        "POST",
                        "/v1/deletions",
                        bobToken,
                        "application/json",
                        ("{\"batchIds\":[\"" + batchId + "\"]}").getBytes())
                .body());
        assertThat(deleted.get("batches").asInt()).isZero();
        assertProblem(call("DELETE", "/v1/vault", null, null, null), 401, "unauthorized");

        // A job naming alice, and one pointing at an object under her prefix, are refused: nothing is queued.
        String aliceUser =
                JSON.readTree(get("/v1/me", aliceToken).body()).get("userId").asText();
        String bobUser =
                JSON.readTree(get("/v1/me", bobToken).body()).get("userId").asText();
        RecipientPublicKey workerKey = RecipientPublicKey.ofBase64(
                JSON.readTree(get("/v1/worker-key", bobToken).body())
                        .get("publicKey")
                        .asText());
        ObjectNode naming = JSON.createObjectNode();
        naming.set(
                "job",
                JSON.readTree(forgedJob(UserId.parse(aliceUser), workerKey).toJson()));
        naming.putArray("messageIds");
        assertProblem(
                call("POST", "/v1/jobs", bobToken, "application/json", JSON.writeValueAsBytes(naming)),
                403,
                "forbidden");
        ObjectNode outside = (ObjectNode)
                JSON.readTree(forgedJob(UserId.parse(bobUser), workerKey).toJson());
        outside.put("objectKey", "v1/" + aliceUser + "/batches/" + batchId + ".pvb");
        ObjectNode misplaced = JSON.createObjectNode();
        misplaced.set("job", outside);
        misplaced.putArray("messageIds");
        assertProblem(
                call("POST", "/v1/jobs", bobToken, "application/json", JSON.writeValueAsBytes(misplaced)),
                400,
                "bad-request");
        assertThat(clientJson(bob, bobToken, "status").get("imported").asInt()).isZero();

        // Alice's counts are what they were.
        assertThat(clientJson(alice, aliceToken, "status")).isEqualTo(before);
    }

    /** A well-formed job document for {@code user}, made by someone who only claims to be them. */
    static JobDocument forgedJob(UserId user, RecipientPublicKey workerKey) {
        try (UserKeys claimed = UserKeys.generate(user)) {
            List<ChatMessage> messages = List.of(new MessageIdAssigner(claimed.messageIdKey())
                    .assign(
                            "Forged",
                            LocalDateTime.parse("2024-01-01T00:00"),
                            null,
                            "Mallory",
                            "hello",
                            MessageKind.TEXT));
            try (SealedBatch sealed = BatchEnvelope.seal(claimed, BatchId.random(), messages)) {
                return JobEnvelope.create(JobId.random(), claimed, sealed, EMBEDDER, workerKey);
            }
        }
    }

    @Test
    void requestsWithoutAValidToken_areUnauthorized() throws Exception {
        assertProblem(get("/v1/jobs", null), 401, "unauthorized");
        assertProblem(get("/v1/jobs", "not-a-token"), 401, "unauthorized");
        assertProblem(get("/v1/jobs", aliceToken.substring(0, aliceToken.length() - 4) + "AAAA"), 401, "unauthorized");
    }

    @Test
    void malformedAndOversizeBodies_areRefusedWithAProblem_andNothingIsStored() throws Exception {
        assertProblem(
                call("POST", "/v1/messages/known", bobToken, "application/json", "{not json".getBytes()),
                400,
                "bad-request");
        assertProblem(
                call("POST", "/v1/uploads", bobToken, "application/json", "{\"batchId\":\"nope\"}".getBytes()),
                400,
                "bad-request");
        assertProblem(call("POST", "/v1/jobs", bobToken, "text/plain", "{}".getBytes()), 415, "unsupported-media-type");
        assertProblem(
                call("POST", "/v1/deletions", bobToken, "application/json", new byte[(1 << 20) + 1]), 413, "too-large");
        assertThat(clientJson(bob, bobToken, "status").get("imported").asInt()).isZero();
    }
}
