package dev.pvault.embed.openai;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.pvault.core.worker.TestEmbedder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A loopback server that speaks {@code POST /v1/embeddings} as OpenAI's API reference documents it: the request
 * ({@code model}, {@code input} as an array of strings, {@code encoding_format}, {@code dimensions}) and the
 * answer ({@code object: list}, {@code data[]} of {@code {object: embedding, index, embedding}}, {@code model},
 * {@code usage.prompt_tokens}, {@code usage.total_tokens}); errors as {@code {"error": {message, type, param,
 * code}}}. It enforces the API's limits (2,048 inputs, 8,191 tokens an input, 300,000 a request, no empty
 * string) with a 400, as the API does, and lists its answers in reverse order, so a client that does not place by
 * {@code index} gets wrong vectors.
 *
 * <p>Each text's vector is a function of the text ({@link #vectorFor}), so tests can check every vector's place.
 * Replies queued with {@link #then} are used one per request, in order; after them it answers correctly.
 */
final class FakeOpenAi implements AutoCloseable {
    static final String KEY = "sk-test-5b1d0c9e";

    /** One request as received. */
    record Received(
            String model, List<String> input, String encodingFormat, Integer dimensions, String auth, int tokens) {}

    @FunctionalInterface
    interface Reply {
        void send(FakeOpenAi server, HttpExchange exchange, Received request) throws IOException;
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final Map<String, Integer> NATIVE =
            Map.of("text-embedding-3-small", 1536, "text-embedding-3-large", 3072);

    private final Encoding encoding = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final ConcurrentLinkedQueue<Reply> script = new ConcurrentLinkedQueue<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile Duration delay = Duration.ZERO;
    private volatile boolean floatsAlways;
    private final java.util.concurrent.atomic.AtomicLong busyNanos = new java.util.concurrent.atomic.AtomicLong();

    FakeOpenAi() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(executor);
        server.createContext("/v1/embeddings", this::handle);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** Queues replies for the next requests, one each. */
    FakeOpenAi then(Reply... replies) {
        script.addAll(List.of(replies));
        return this;
    }

    /** Waits this long before every answer (the network and the model's time). */
    FakeOpenAi delay(Duration each) {
        this.delay = each;
        return this;
    }

    /** Answers float arrays whatever {@code encoding_format} asked (as some compatible servers do). */
    FakeOpenAi floatsAlways() {
        this.floatsAlways = true;
        return this;
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    int requests() {
        return received.size();
    }

    /** The time this server spent answering (reading, its delay, writing), all requests together. */
    Duration busy() {
        return Duration.ofNanos(busyNanos.get());
    }

    private void handle(HttpExchange exchange) throws IOException {
        long start = System.nanoTime();
        try (exchange) {
            JsonNode body = JSON.readTree(exchange.getRequestBody());
            List<String> input = new ArrayList<>();
            body.path("input").forEach(node -> input.add(node.asText()));
            int tokens = 0;
            for (String text : input) {
                tokens += encoding.countTokensOrdinary(text);
            }
            Received request = new Received(
                    body.path("model").asText(),
                    input,
                    body.path("encoding_format").asText("float"),
                    body.has("dimensions") ? body.get("dimensions").asInt() : null,
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    tokens);
            received.add(request);
            sleep(delay);
            Reply reply = script.poll();
            (reply == null ? ok() : reply).send(this, exchange, request);
        } finally {
            busyNanos.addAndGet(System.nanoTime() - start);
        }
    }

    // --- replies

    /** A correct answer, or the 400 or 401 the API would give. */
    static Reply ok() {
        return (server, exchange, request) -> {
            if (!("Bearer " + KEY).equals(request.auth())) {
                error(exchange, 401, "invalid_request_error", "Incorrect API key provided", Map.of());
                return;
            }
            String refusal = server.refusal(request);
            if (refusal != null) {
                // The real message may quote the input: this one does, so tests can prove it is not passed on.
                error(exchange, 400, "invalid_request_error", refusal + ": " + first(request), Map.of());
                return;
            }
            server.answer(
                    exchange, request, dimensionsOf(request), request.input().size());
        };
    }

    static Reply status(int status, String type, Map<String, String> headers) {
        return (server, exchange, request) -> error(exchange, status, type, "scripted " + status, headers);
    }

    /** A 400 whose message quotes the input, as the API's may: the client must not pass it on. */
    static Reply refuse() {
        return (server, exchange, request) ->
                error(exchange, 400, "invalid_request_error", "cannot embed '" + first(request) + "'", Map.of());
    }

    static Reply malformed() {
        return (server, exchange, request) ->
                send(exchange, 200, "{\"object\":\"list\",\"data\":[{\"index\":0,", Map.of());
    }

    static Reply hang(Duration howLong) {
        return (server, exchange, request) -> {
            sleep(howLong);
            server.answer(
                    exchange, request, dimensionsOf(request), request.input().size());
        };
    }

    static Reply wrongCount() {
        return (server, exchange, request) -> server.answer(
                exchange, request, dimensionsOf(request), request.input().size() - 1);
    }

    static Reply wrongDimension() {
        return (server, exchange, request) -> server.answer(
                exchange, request, dimensionsOf(request) + 1, request.input().size());
    }

    private String refusal(Received request) {
        if (request.input().size() > 2048) {
            return "too many inputs: " + request.input().size();
        }
        if (request.tokens() > 300_000) {
            return "max 300000 tokens per request, got " + request.tokens();
        }
        for (String text : request.input()) {
            if (text.isEmpty()) {
                return "'$.input' is invalid";
            }
            if (encoding.countTokensOrdinary(text) > 8191) {
                return "This model's maximum context length is 8192 tokens";
            }
        }
        return null;
    }

    private static int dimensionsOf(Received request) {
        return request.dimensions() != null ? request.dimensions() : NATIVE.getOrDefault(request.model(), 8);
    }

    private static String first(Received request) {
        return request.input().isEmpty() ? "" : request.input().getFirst();
    }

    private void answer(HttpExchange exchange, Received request, int dimensions, int count) throws IOException {
        boolean base64 = !floatsAlways && "base64".equals(request.encodingFormat());
        ByteArrayOutputStream out = new ByteArrayOutputStream(count * dimensions * (base64 ? 6 : 12) + 256);
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("object", "list");
            json.writeArrayFieldStart("data");
            for (int i = count - 1; i >= 0; i--) { // out of order on purpose
                float[] vector = vectorFor(request.input().get(i), dimensions);
                json.writeStartObject();
                json.writeStringField("object", "embedding");
                json.writeNumberField("index", i);
                json.writeFieldName("embedding");
                if (base64) {
                    ByteBuffer bytes = ByteBuffer.allocate(vector.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                    bytes.asFloatBuffer().put(vector);
                    json.writeString(Base64.getEncoder().encodeToString(bytes.array()));
                } else {
                    json.writeStartArray();
                    for (float x : vector) {
                        json.writeNumber(x);
                    }
                    json.writeEndArray();
                }
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeStringField("model", request.model());
            json.writeObjectFieldStart("usage");
            json.writeNumberField("prompt_tokens", request.tokens());
            json.writeNumberField("total_tokens", request.tokens());
            json.writeEndObject();
            json.writeEndObject();
        }
        send(exchange, 200, out.toByteArray(), Map.of("x-ratelimit-remaining-requests", "4999"));
    }

    private static void error(
            HttpExchange exchange, int status, String type, String message, Map<String, String> headers)
            throws IOException {
        String body = JSON.writeValueAsString(
                Map.of("error", Map.of("message", message, "type", type, "param", "input", "code", type)));
        send(exchange, status, body, headers);
    }

    private static void send(HttpExchange exchange, int status, String body, Map<String, String> headers)
            throws IOException {
        send(exchange, status, body.getBytes(StandardCharsets.UTF_8), headers);
    }

    private static void send(HttpExchange exchange, int status, byte[] body, Map<String, String> headers)
            throws IOException {
        headers.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static void sleep(Duration duration) {
        if (duration.isZero()) {
            return;
        }
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The unit vector this server gives {@code text} at {@code dimensions} (the test engine's, seeded by the text). */
    static float[] vectorFor(String text, int dimensions) {
        return new TestEmbedder(dimensions).vectorOf(text);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
