package dev.pvault.embed.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pvault.core.UserException;
import dev.pvault.core.embed.EmbeddingPurpose;
import dev.pvault.core.embed.Embeddings;
import dev.pvault.core.worker.PoisonJobException;
import dev.pvault.core.worker.RetryableException;
import dev.pvault.core.worker.TestClock;
import dev.pvault.core.worker.TestLogs;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OpenAiEmbedderTest {
    private static final String SECRET = "my PIN is 4921, keep it";

    private FakeOpenAi server;
    private final AtomicInteger keyReads = new AtomicInteger();
    private final Supplier<String> key = () -> {
        keyReads.incrementAndGet();
        return FakeOpenAi.KEY;
    };
    private final List<Duration> waits = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = new FakeOpenAi();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** The defaults against the local server, with backoff in tens of milliseconds and this request timeout. */
    private OpenAiSettings settings(Duration requestTimeout) {
        OpenAiSettings d = OpenAiSettings.DEFAULTS;
        return new OpenAiSettings(
                Optional.of(URI.create(server.baseUrl())),
                requestTimeout,
                d.connectTimeout(),
                8,
                Duration.ofMillis(10),
                Duration.ofMillis(100),
                d.minimumRequestTime(),
                d.budgetWithoutDeadline());
    }

    private OpenAiSettings settings() {
        return settings(OpenAiSettings.DEFAULTS.requestTimeout());
    }

    /** On the real clock; waits are real and recorded. */
    private OpenAiEmbedder embedder(String spec, OpenAiSettings settings) {
        return embedder(spec, settings, InstantSource.system(), duration -> {
            waits.add(duration);
            Thread.sleep(duration);
        });
    }

    private OpenAiEmbedder embedder(String spec, OpenAiSettings settings, InstantSource clock, Sleeper sleeper) {
        return new OpenAiEmbedder(
                OpenAiModel.parse(spec),
                settings,
                TokenLimits.OPENAI,
                key,
                clock,
                sleeper,
                () -> new SplittableRandom(7));
    }

    private static List<String> texts(int n) {
        return IntStream.range(0, n)
                .mapToObj(i -> "message number " + i + " about the trip")
                .toList();
    }

    /** Every text has the server's vector for it, in its place (to float rounding). */
    private static void assertVectorsOf(List<String> texts, Embeddings embeddings, int dimensions) {
        assertThat(embeddings.size()).isEqualTo(texts.size());
        assertThat(embeddings.dimension()).isEqualTo(dimensions);
        for (int i = 0; i < texts.size(); i++) {
            float[] expected = FakeOpenAi.vectorFor(texts.get(i), dimensions);
            float[] actual = embeddings.vectors().get(i);
            double worst = 0;
            for (int d = 0; d < dimensions; d++) {
                worst = Math.max(worst, Math.abs(actual[d] - expected[d]));
            }
            if (worst > 1e-6) {
                assertThat(worst)
                        .as("largest difference in the vector of text %d", i)
                        .isLessThanOrEqualTo(1e-6);
            }
        }
    }

    @Test
    void embed_documentedAnswerShape_givesEachTextItsVectorByIndex() {
        List<String> texts = List.of("see you at noon", SECRET, "bring the blue folder", "", "ok");
        try (OpenAiEmbedder embedder = embedder("openai:text-embedding-3-small", settings())) {
            Embeddings embeddings = embedder.embed(
                    texts, EmbeddingPurpose.PASSAGE, Instant.now().plusSeconds(30));

            assertThat(embedder.modelId()).isEqualTo("openai:text-embedding-3-small@1536");
            assertThat(embeddings.modelId()).isEqualTo("openai:text-embedding-3-small@1536");
            List<String> sent = new ArrayList<>(texts);
            sent.set(3, " "); // an empty text is sent as one space: the API refuses ""
            assertVectorsOf(sent, embeddings, 1536);
            FakeOpenAi.Received request = server.received().getFirst();
            assertThat(request.model()).isEqualTo("text-embedding-3-small");
            assertThat(request.input()).containsExactlyInAnyOrderElementsOf(sent);
            assertThat(request.encodingFormat()).isEqualTo("base64");
            assertThat(request.dimensions()).isNull();
            assertThat(request.auth()).isEqualTo("Bearer " + FakeOpenAi.KEY);
            assertThat(embeddings.tokensSent()).isEqualTo(request.tokens()).isPositive();
            assertThat(embeddings.truncated()).isZero();
        }
    }

    @Test
    void embed_floatArrays_fromAServerThatIgnoresTheEncoding_areReadToo() {
        server.floatsAlways();
        List<String> texts = texts(7);
        try (OpenAiEmbedder embedder = embedder("openai:text-embedding-3-large@256", settings())) {
            Embeddings embeddings = embedder.embed(texts, EmbeddingPurpose.QUERY);

            assertThat(embedder.modelId()).isEqualTo("openai:text-embedding-3-large@256");
            assertThat(server.received().getFirst().dimensions()).isEqualTo(256);
            assertVectorsOf(texts, embeddings, 256);
        }
    }

    @Test
    void embed_tenThousandTexts_takeFiveFullRequests() {
        server.delay(Duration.ofMillis(50)); // each answer waits 50 ms, as a network and a model would
        List<String> texts = texts(10_000);
        try (OpenAiEmbedder embedder = embedder("openai:text-embedding-3-small", settings())) {
            embedder.embed(texts(3), EmbeddingPurpose.PASSAGE); // the SDK's first call loads its classes
            int before = server.requests();
            Duration busyBefore = server.busy();
            long start = System.nanoTime();
            Embeddings embeddings = embedder.embed(
                    texts, EmbeddingPurpose.PASSAGE, Instant.now().plusSeconds(60));
            long millis = (System.nanoTime() - start) / 1_000_000;

            List<FakeOpenAi.Received> calls = server.received().subList(before, server.requests());
            assertThat(calls.stream().map(r -> r.input().size()))
                    .containsExactlyInAnyOrder(2048, 2048, 2048, 2048, 1808);
            assertVectorsOf(texts, embeddings, 1536);
            assertThat(embeddings.tokensSent())
                    .isEqualTo(calls.stream()
                            .mapToLong(FakeOpenAi.Received::tokens)
                            .sum());
            System.out.printf(
                    "10,000 texts, 1,536 dimensions, 50 ms per answer: %d requests, %d ms wall, of which the local"
                            + " server %d ms (%d tokens)%n",
                    calls.size(), millis, server.busy().minus(busyBefore).toMillis(), embeddings.tokensSent());
        }
    }

    @Test
    void embed_longTexts_arePackedByTokensUnderTheRequestLimit() {
        // 100 texts of about 8,000 tokens: 800,000 tokens, at least 3 requests of 300,000.
        List<String> texts = IntStream.range(0, 100)
                .mapToObj(i -> ("word" + i + " ").repeat(4000))
                .toList();
        try (OpenAiEmbedder embedder = embedder("openai:text-embedding-3-small@16", settings())) {
            Embeddings embeddings = embedder.embed(
                    texts, EmbeddingPurpose.PASSAGE, Instant.now().plusSeconds(60));

            long total = server.received().stream()
                    .mapToLong(FakeOpenAi.Received::tokens)
                    .sum();
            assertThat(server.requests()).isEqualTo((int) Math.ceil(total / 300_000.0));
            assertThat(server.received()).allSatisfy(r -> assertThat(r.tokens()).isLessThanOrEqualTo(300_000));
            assertVectorsOf(texts, embeddings, 16);
            assertThat(embeddings.truncated()).isZero();
        }
    }

    @Test
    void embed_aTextOverTheInputLimit_isCutToItAndCounted() {
        String huge = "antidisestablishment ".repeat(20_000); // about 40,000 tokens
        List<String> texts = List.of("short one", huge, "another");
        try (OpenAiEmbedder embedder = embedder("openai:text-embedding-3-small@16", settings())) {
            Embeddings embeddings = embedder.embed(texts, EmbeddingPurpose.PASSAGE);

            assertThat(embeddings.size()).isEqualTo(3);
            assertThat(embeddings.truncated()).isEqualTo(1);
            FakeOpenAi.Received request = server.received().getFirst();
            String sent = request.input().stream()
                    .filter(t -> t.startsWith("antidis"))
                    .findFirst()
                    .orElseThrow();
            assertThat(huge).startsWith(sent);
            assertThat(sent.length()).isLessThan(huge.length());
            assertThat(embeddings.vectors().get(1)).containsExactly(FakeOpenAi.vectorFor(sent, 16));
            assertThat(embeddings.tokensSent()).isLessThanOrEqualTo(8191 + 20);
        }
    }

    @Test
    void rateLimitStorm_withRetryAfterMs_isWaitedOutThenEveryTextEmbedded() {
        Map<String, String> throttled = Map.of("retry-after-ms", "60", "x-ratelimit-remaining-requests", "0");
        for (int i = 0; i < 5; i++) {
            server.then(FakeOpenAi.status(429, "rate_limit_exceeded", throttled));
        }
        List<String> texts = texts(50);
        try (OpenAiEmbedder embedder = embedder("openai:text-embedding-3-small@16", settings())) {
            long start = System.nanoTime();
            Embeddings embeddings = embedder.embed(
                    texts, EmbeddingPurpose.PASSAGE, Instant.now().plusSeconds(30));
            long millis = (System.nanoTime() - start) / 1_000_000;

            assertThat(server.requests()).isEqualTo(6);
            assertThat(waits).hasSize(5).allSatisfy(w -> assertThat(w).isGreaterThanOrEqualTo(Duration.ofMillis(60)));
            assertVectorsOf(texts, embeddings, 16);
            System.out.printf(
                    "429 storm (retry-after-ms: 60, 5 times): %d requests, waits %s, %d ms in all%n",
                    server.requests(), waits, millis);
        }
    }

    @Test
    void rateLimitStorm_withRetryAfterSeconds_stopsBeforeTheDeadlineAsRetry() {
        TestClock clock = new TestClock();
        List<Duration> slept = new ArrayList<>();
        Sleeper advancing = duration -> {
            slept.add(duration);
            clock.advance(duration);
        };
        for (int i = 0; i < 20; i++) {
            server.then(FakeOpenAi.status(429, "rate_limit_exceeded", Map.of("Retry-After", "2")));
        }
        Instant deadline = clock.instant().plusSeconds(7);
        try (OpenAiEmbedder embedder = embedder("openai:text-embedding-3-small@16", settings(), clock, advancing)) {
            assertThatThrownBy(() -> embedder.embed(texts(3), EmbeddingPurpose.PASSAGE, deadline))
                    .isInstanceOf(RetryableException.class)
                    .hasMessageContaining("HTTP 429")
                    .hasMessageContaining("would pass the job's deadline");

            // Tries at 0, 2, 4 and 6 s (the last with the 1 s a request needs); a fifth at 8 s would be past 7 s.
            assertThat(server.requests()).isEqualTo(4);
            assertThat(slept).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(2));
            assertThat(clock.instant()).isBefore(deadline);
            System.out.printf(
                    "429 storm (Retry-After: 2, deadline 7 s): %d tries, waits %s, gave up at +%d s%n",
                    server.requests(),
                    slept,
                    Duration.between(deadline.minusSeconds(7), clock.instant()).toSeconds());
        }
    }

    @Test
    void rateLimit_askingForAWaitPastTheDeadline_isRetryAtOnce() {
        server.then(FakeOpenAi.status(429, "rate_limit_exceeded", Map.of("Retry-After", "30")));
        TestClock clock = new TestClock();
        try (OpenAiEmbedder embedder =
                embedder("openai:text-embedding-3-small@16", settings(), clock, d -> clock.advance(d))) {
            assertThatThrownBy(() -> embedder.embed(
                            texts(3), EmbeddingPurpose.PASSAGE, clock.instant().plusSeconds(10)))
                    .isInstanceOf(RetryableException.class)
                    .hasMessageContaining("30000 ms");
            assertThat(server.requests()).isEqualTo(1);
        }
    }

    @Test
    void rateLimit_withoutRetryAfter_waitsForTheSpentLimitsReset() {
        server.then(FakeOpenAi.status(
                429,
                "rate_limit_exceeded",
                Map.of(
                        "x-ratelimit-remaining-requests", "12",
                        "x-ratelimit-reset-requests", "20ms",
                        "x-ratelimit-remaining-tokens", "0",
                        "x-ratelimit-reset-tokens", "1.5s")));
        TestClock clock = new TestClock();
        List<Duration> slept = new ArrayList<>();
        try (OpenAiEmbedder embedder = embedder("openai:text-embedding-3-small@16", settings(), clock, d -> {
            slept.add(d);
            clock.advance(d);
        })) {
            embedder.embed(texts(2), EmbeddingPurpose.PASSAGE, clock.instant().plusSeconds(30));
            assertThat(slept).containsExactly(Duration.ofMillis(1500));
            assertThat(server.requests()).isEqualTo(2);
        }
    }

    @Test
    void serverError_isTriedAgain() {
        server.then(FakeOpenAi.status(500, "server_error", Map.of()), FakeOpenAi.status(503, "server_error", Map.of()));
        List<String> texts = texts(4);
        try (OpenAiEmbedder embedder = embedder("openai:text-embedding-3-small@16", settings())) {
            Embeddings embeddings = embedder.embed(
                    texts, EmbeddingPurpose.PASSAGE, Instant.now().plusSeconds(30));
            assertThat(server.requests()).isEqualTo(3);
            assertVectorsOf(texts, embeddings, 16);
        }
    }

    @Test
    void hungServer_timesOutAndIsTriedAgain() {
        server.then(FakeOpenAi.hang(Duration.ofSeconds(5)));
        List<String> texts = texts(4);
        try (OpenAiEmbedder embedder = embedder("openai:text-embedding-3-small@16", settings(Duration.ofMillis(300)))) {
            long start = System.nanoTime();
            Embeddings embeddings = embedder.embed(
                    texts, EmbeddingPurpose.PASSAGE, Instant.now().plusSeconds(30));
            long millis = (System.nanoTime() - start) / 1_000_000;

            assertThat(server.requests()).isEqualTo(2);
            assertThat(millis).isLessThan(4000); // the hung try was abandoned, not waited out
            assertVectorsOf(texts, embeddings, 16);
        }
    }

    @Test
    void hungServer_untilTheDeadline_isRetryWithinIt() {
        for (int i = 0; i < 10; i++) {
            server.then(FakeOpenAi.hang(Duration.ofSeconds(10)));
        }
        try (OpenAiEmbedder embedder = embedder("openai:text-embedding-3-small@16", settings())) {
            Instant deadline = Instant.now().plusMillis(2500);
            assertThatThrownBy(() -> embedder.embed(texts(2), EmbeddingPurpose.PASSAGE, deadline))
                    .isInstanceOf(RetryableException.class)
                    .hasMessageContaining("deadline");
            // The request timeout was cut to the time left: it gave up by the deadline (plus scheduling slack).
            assertThat(Instant.now()).isBefore(deadline.plusMillis(1000));
        }
    }

    @Test
    void malformedJson_isTriedAgain_andAlwaysMalformedIsRetryNotWrongVectors() {
        server.then(FakeOpenAi.malformed());
        List<String> texts = texts(3);
        try (OpenAiEmbedder embedder = embedder("openai:text-embedding-3-small@16", settings())) {
            assertVectorsOf(texts, embedder.embed(texts, EmbeddingPurpose.PASSAGE), 16);
            assertThat(server.requests()).isEqualTo(2);

            for (int i = 0; i < 8; i++) {
                server.then(FakeOpenAi.malformed());
            }
            assertThatThrownBy(() -> embedder.embed(texts, EmbeddingPurpose.PASSAGE))
                    .isInstanceOf(RetryableException.class)
                    .hasMessageContaining("unreadable answer")
                    .hasMessageContaining("8 tries");
        }
    }

    @Test
    void wrongCount_orWrongDimension_isRefusedAndTriedAgain() {
        server.then(FakeOpenAi.wrongCount(), FakeOpenAi.wrongDimension());
        List<String> texts = texts(5);
        try (OpenAiEmbedder embedder = embedder("openai:text-embedding-3-small@16", settings())) {
            Embeddings embeddings = embedder.embed(texts, EmbeddingPurpose.PASSAGE);
            assertThat(server.requests()).isEqualTo(3);
            assertVectorsOf(texts, embeddings, 16);

            for (int i = 0; i < 8; i++) {
                server.then(FakeOpenAi.wrongDimension());
            }
            assertThatThrownBy(() -> embedder.embed(texts, EmbeddingPurpose.PASSAGE))
                    .isInstanceOf(RetryableException.class)
                    .hasMessageContaining("17 dimensions, expected 16");
        }
    }

    @Test
    void badRequest_isPoisonNamingTheErrorTypeOnly() {
        server.then(FakeOpenAi.refuse());
        try (OpenAiEmbedder embedder = embedder("openai:text-embedding-3-small@16", settings())) {
            String logged = TestLogs.stderrOf(() -> assertThatThrownBy(
                            () -> embedder.embed(List.of(SECRET, "second"), EmbeddingPurpose.PASSAGE))
                    .isInstanceOf(PoisonJobException.class)
                    .hasMessageContaining("HTTP 400 invalid_request_error")
                    .hasMessageNotContaining("4921")
                    .hasNoCause());
            assertThat(server.requests()).isEqualTo(1);
            assertThat(logged).doesNotContain("4921");
        }
    }

    @Test
    void wrongKey_isRetryAtOnce_andNeverShowsTheKey() {
        Supplier<String> wrong = () -> "sk-wrong-77aa";
        try (OpenAiEmbedder embedder = new OpenAiEmbedder(
                OpenAiModel.parse("openai:text-embedding-3-small@16"),
                settings(),
                TokenLimits.OPENAI,
                wrong,
                InstantSource.system(),
                Sleeper.REAL,
                () -> new SplittableRandom(1))) {
            String logged = TestLogs.stderrOf(
                    () -> assertThatThrownBy(() -> embedder.embed(List.of(SECRET), EmbeddingPurpose.PASSAGE))
                            .isInstanceOf(RetryableException.class)
                            .hasMessageContaining("HTTP 401")
                            .hasMessageNotContaining("sk-wrong")
                            .hasNoCause());
            assertThat(server.requests()).isEqualTo(1);
            assertThat(logged).doesNotContain("sk-wrong").doesNotContain("4921");
            assertThat(embedder.toString()).doesNotContain("sk-");
        }
    }

    @Test
    void quotaSpent_isRetryAtOnce() {
        server.then(FakeOpenAi.status(429, "insufficient_quota", Map.of("retry-after-ms", "10")));
        try (OpenAiEmbedder embedder = embedder("openai:text-embedding-3-small@16", settings())) {
            assertThatThrownBy(() -> embedder.embed(texts(2), EmbeddingPurpose.PASSAGE))
                    .isInstanceOf(RetryableException.class)
                    .hasMessageContaining("insufficient_quota");
            assertThat(server.requests()).isEqualTo(1);
        }
    }

    @Test
    void theKey_isReadOnFirstUseOnly() {
        try (OpenAiEmbedder embedder = embedder("openai:text-embedding-3-small@16", settings())) {
            assertThat(keyReads).hasValue(0); // construction reads no key: a SnapStart snapshot holds none
            embedder.embed(texts(2), EmbeddingPurpose.PASSAGE);
            embedder.embed(texts(3), EmbeddingPurpose.QUERY);
            assertThat(keyReads).hasValue(1);
        }
    }

    @Test
    void retryLogs_carryNoTextNorKey() {
        server.then(FakeOpenAi.status(500, "server_error", Map.of()));
        try (OpenAiEmbedder embedder = embedder("openai:text-embedding-3-small@16", settings())) {
            String logged = TestLogs.stderrOf(() -> embedder.embed(List.of(SECRET), EmbeddingPurpose.PASSAGE));
            assertThat(logged).contains("HTTP 500").doesNotContain("4921").doesNotContain(FakeOpenAi.KEY);
        }
    }

    @Test
    void open_withoutAKey_failsOnFirstUseSayingWhatIsMissing() {
        Map<String, String> env = Map.of("OPENAI_BASE_URL", server.baseUrl());
        try (var embedder = OpenAiEmbedders.open("openai:text-embedding-3-small", env)) {
            assertThatThrownBy(() -> embedder.embed(List.of("hi"), EmbeddingPurpose.QUERY))
                    .isInstanceOf(UserException.class)
                    .hasMessageContaining("OPENAI_API_KEY is not set");
            assertThat(server.requests()).isZero();
        }
    }

    @Test
    void open_withTheEnvironment_usesItsKeyAndBaseUrl() {
        Map<String, String> env = Map.of("OPENAI_BASE_URL", server.baseUrl(), "OPENAI_API_KEY", FakeOpenAi.KEY);
        try (var embedder = OpenAiEmbedders.open("openai:text-embedding-3-small", env)) {
            assertVectorsOf(List.of("hi"), embedder.embed(List.of("hi"), EmbeddingPurpose.QUERY), 1536);
        }
    }

    @Test
    void open_refusesTheSdksBodyLogging() {
        assertThatThrownBy(() -> OpenAiEmbedders.open(
                        "openai:text-embedding-3-small", Map.of("OPENAI_LOG", "debug", "OPENAI_API_KEY", "k")))
                .isInstanceOf(UserException.class)
                .hasMessageContaining("OPENAI_LOG");
    }
}
