package dev.pvault.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Lambda Runtime API on loopback, as Lambda serves it to a function's runtime client: a test hands it
 * invocations and reads back what the function answered. The routes and headers are AWS's (runtimes-api):
 *
 * <ul>
 *   <li>{@code GET /2018-06-01/runtime/invocation/next}: blocks until the test invokes, then answers 200 with
 *       the event as body and {@code Lambda-Runtime-Aws-Request-Id}, {@code Lambda-Runtime-Deadline-Ms} (epoch
 *       ms), {@code Lambda-Runtime-Invoked-Function-Arn} and {@code Lambda-Runtime-Trace-Id};
 *   <li>{@code POST .../invocation/{id}/response} and {@code .../invocation/{id}/error}: the result, 202;
 *   <li>{@code POST /2018-06-01/runtime/init/error}: the init failed, 202;
 *   <li>SnapStart's two: {@code GET /2018-06-01/runtime/restore/next} (the runtime calls it once its
 *       {@code beforeCheckpoint} hooks ran, where Lambda takes the snapshot; answered at once, 200, so the same
 *       process goes on as a restored one) and {@code POST /2018-06-01/runtime/restore/error}.
 * </ul>
 *
 * <p>A hand-written server because no library serves this API for tests (AWS's own emulator is a Go binary
 * for container images); the JDK's HTTP server is enough for one client on loopback. Every call is timed
 * with {@link System#nanoTime()}, the clock the launcher records the process start with.
 */
final class LambdaRuntimeApi implements AutoCloseable {
    static final String PREFIX = "/2018-06-01/runtime";
    static final String FUNCTION_ARN = "arn:aws:lambda:us-east-1:000000000000:function:pvault-embed";

    /** What the function answered for one invocation. */
    sealed interface Result permits Response, Failure {
        String requestId();
    }

    /** {@code .../response}: the handler's return value, serialised by the runtime client. */
    record Response(String requestId, String body, long atNanos) implements Result {}

    /** {@code .../error} or {@code init/error}: the error type header and the runtime client's JSON body. */
    record Failure(String requestId, String errorType, String body, long atNanos) implements Result {}

    private record Pending(String requestId, String payload, Instant deadline, CompletableFuture<Result> result) {}

    private final HttpServer server;
    private final ExecutorService threads;
    private final BlockingQueue<Pending> waiting = new LinkedBlockingQueue<>();
    private final Map<String, Pending> running = new ConcurrentHashMap<>();
    private final CompletableFuture<Failure> initError = new CompletableFuture<>();
    private final CompletableFuture<Long> firstNext = new CompletableFuture<>();
    private final CompletableFuture<Long> restoreNext = new CompletableFuture<>();
    private final AtomicInteger nextCalls = new AtomicInteger();
    private final AtomicLong handedOutAt = new AtomicLong();
    private final CompletableFuture<Void> restoreGate = new CompletableFuture<>();
    private volatile boolean closed;

    private LambdaRuntimeApi(HttpServer server, ExecutorService threads) {
        this.server = server;
        this.threads = threads;
    }

    /** Starts the API on a free loopback port; {@code restore/next} is answered at once. */
    static LambdaRuntimeApi start() {
        LambdaRuntimeApi api = startHoldingRestore();
        api.releaseRestore();
        return api;
    }

    /**
     * Starts the API with {@code restore/next} held until {@link #releaseRestore()}: the function's process
     * waits where Lambda would snapshot it, so a test can look at what it did before the snapshot.
     */
    static LambdaRuntimeApi startHoldingRestore() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            // `next` blocks until an invocation comes: each exchange needs its own thread.
            ExecutorService threads = Executors.newCachedThreadPool(task -> {
                Thread thread = new Thread(task, "lambda-runtime-api");
                thread.setDaemon(true);
                return thread;
            });
            server.setExecutor(threads);
            LambdaRuntimeApi api = new LambdaRuntimeApi(server, threads);
            server.createContext(PREFIX + "/", api::handle);
            server.start();
            return api;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The value of {@code AWS_LAMBDA_RUNTIME_API}: host and port. */
    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /**
     * Queues {@code payload} for the next {@code next} call with a deadline {@code timeout} from now (Lambda sets
     * it when it invokes), and waits up to {@code wait} for the function's answer.
     */
    Result invoke(String payload, Duration timeout, Duration wait) {
        String requestId = UUID.randomUUID().toString();
        Pending pending = new Pending(requestId, payload, Instant.now().plus(timeout), new CompletableFuture<>());
        waiting.add(pending);
        try {
            return pending.result().get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("no answer to invocation " + requestId + " within " + wait, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (ExecutionException e) {
            throw new AssertionError(e.getCause());
        }
    }

    /** The init error the runtime client reported, if it reports one within {@code wait}. */
    Optional<Failure> awaitInitError(Duration wait) {
        try {
            return Optional.of(initError.get(wait.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (ExecutionException e) {
            throw new AssertionError(e.getCause());
        }
    }

    /** When ({@link System#nanoTime()}) the runtime client first asked for an invocation: its init was done. */
    long awaitFirstNext(Duration wait) {
        return await(firstNext, wait, "no call to invocation/next");
    }

    /** When the runtime client asked {@code restore/next} (SnapStart: the moment Lambda snapshots). */
    long awaitRestoreNext(Duration wait) {
        return await(restoreNext, wait, "no call to restore/next");
    }

    boolean restoreNextCalled() {
        return restoreNext.isDone();
    }

    /** How often {@code invocation/next} was called. */
    int nextCalls() {
        return nextCalls.get();
    }

    /** When the last invocation was handed out ({@link System#nanoTime()}). */
    long lastHandedOutNanos() {
        return handedOutAt.get();
    }

    private static long await(CompletableFuture<Long> event, Duration wait, String what) {
        try {
            return event.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError(what + " within " + wait, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (ExecutionException e) {
            throw new AssertionError(e.getCause());
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        long now = System.nanoTime();
        try (exchange) {
            String path = exchange.getRequestURI().getPath().substring(PREFIX.length());
            String method = exchange.getRequestMethod();
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (method.equals("GET") && path.equals("/invocation/next")) {
                next(exchange, now);
            } else if (method.equals("GET") && path.equals("/restore/next")) {
                restoreNext.complete(now);
                awaitRestoreGate();
                exchange.sendResponseHeaders(200, -1);
            } else if (method.equals("POST") && path.equals("/init/error")) {
                initError.complete(failure("init", exchange, body, now));
                exchange.sendResponseHeaders(202, -1);
            } else if (method.equals("POST") && path.equals("/restore/error")) {
                restoreNext.completeExceptionally(
                        new AssertionError("restore error: " + new String(body, StandardCharsets.UTF_8)));
                exchange.sendResponseHeaders(202, -1);
            } else if (method.equals("POST") && path.startsWith("/invocation/")) {
                String[] parts = path.split("/");
                Pending pending = parts.length == 4 ? running.remove(parts[2]) : null;
                if (pending == null) {
                    exchange.sendResponseHeaders(400, -1);
                    return;
                }
                Result result = parts[3].equals("response")
                        ? new Response(pending.requestId(), new String(body, StandardCharsets.UTF_8), now)
                        : failure(pending.requestId(), exchange, body, now);
                exchange.sendResponseHeaders(202, -1);
                pending.result().complete(result);
            } else {
                exchange.sendResponseHeaders(404, -1);
            }
        }
    }

    /** Lets a held {@code restore/next} answer: the function goes on as restored from the snapshot. */
    void releaseRestore() {
        restoreGate.complete(null);
    }

    private void awaitRestoreGate() {
        while (!closed) {
            try {
                restoreGate.get(200, TimeUnit.MILLISECONDS);
                return;
            } catch (TimeoutException e) {
                // Still held.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException e) {
                return;
            }
        }
    }

    private void next(HttpExchange exchange, long now) throws IOException {
        nextCalls.incrementAndGet();
        firstNext.complete(now);
        Pending pending = null;
        while (pending == null && !closed) {
            try {
                pending = waiting.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (pending == null) {
            exchange.sendResponseHeaders(503, -1);
            return;
        }
        running.put(pending.requestId(), pending);
        byte[] payload = pending.payload().getBytes(StandardCharsets.UTF_8);
        var headers = exchange.getResponseHeaders();
        headers.add("Content-Type", "application/json");
        headers.add("Lambda-Runtime-Aws-Request-Id", pending.requestId());
        headers.add(
                "Lambda-Runtime-Deadline-Ms", Long.toString(pending.deadline().toEpochMilli()));
        headers.add("Lambda-Runtime-Invoked-Function-Arn", FUNCTION_ARN);
        headers.add("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000;Sampled=0");
        handedOutAt.set(System.nanoTime());
        exchange.sendResponseHeaders(200, payload.length);
        exchange.getResponseBody().write(payload);
    }

    private static Failure failure(String requestId, HttpExchange exchange, byte[] body, long now) {
        String type = exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type");
        return new Failure(requestId, type == null ? "" : type, new String(body, StandardCharsets.UTF_8), now);
    }

    @Override
    public void close() {
        closed = true;
        server.stop(0);
        threads.shutdownNow();
    }
}
