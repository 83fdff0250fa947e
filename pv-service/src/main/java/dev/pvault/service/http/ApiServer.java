package dev.pvault.service.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.pvault.core.UnavailableException;
import dev.pvault.core.api.Problem;
import dev.pvault.core.api.ServiceRefusal;
import dev.pvault.core.model.UserId;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The vault service over HTTP on loopback (the JDK's own server: no framework is needed for one JSON API on
 * 127.0.0.1): checks the bearer token with a {@link TokenVerifier}, caps request bodies at {@link
 * #MAX_BODY_BYTES}, and hands the rest to the {@link ApiRouter}. Logs method, path, status and time; never a
 * body, a token or a query's values.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);

    /** The largest request body accepted: 10,000 message ids in JSON are about 360 KiB. */
    public static final int MAX_BODY_BYTES = 1 << 20;

    /** The JDK server's switch for TCP_NODELAY on accepted connections (read when a server is created). */
    static final String NODELAY_PROPERTY = "sun.net.httpserver.nodelay";

    private final HttpServer server;
    private final ExecutorService threads;
    private final ApiRouter router;
    private final TokenVerifier tokens;

    private ApiServer(HttpServer server, ExecutorService threads, ApiRouter router, TokenVerifier tokens) {
        this.server = server;
        this.threads = threads;
        this.router = router;
        this.tokens = tokens;
    }

    /** Starts serving on 127.0.0.1:{@code port} (0: a free port) with {@code workers} request threads. */
    public static ApiServer start(ApiRouter router, TokenVerifier tokens, int port, int workers) {
        Objects.requireNonNull(router, "router");
        Objects.requireNonNull(tokens, "tokens");
        // The JDK's server writes a response's headers and body separately; with Nagle's algorithm on, the
        // second write waits for the client's delayed ACK (about 40 ms on Linux) on every small answer.
        System.setProperty(NODELAY_PROPERTY, System.getProperty(NODELAY_PROPERTY, "true"));
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        } catch (IOException e) {
            throw new UnavailableException(
                    "cannot listen on 127.0.0.1:" + port + " (" + e.getClass().getSimpleName()
                            + "); is the port taken?",
                    e);
        }
        AtomicInteger count = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(
                workers,
                runnable -> Thread.ofPlatform()
                        .name("pvault-api-" + count.incrementAndGet())
                        .daemon(true)
                        .unstarted(runnable));
        ApiServer api = new ApiServer(server, threads, router, tokens);
        server.createContext("/", api::serve);
        server.setExecutor(threads);
        server.start();
        return api;
    }

    /** Where the service listens, e.g. {@code http://127.0.0.1:8750}. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void serve(HttpExchange exchange) throws IOException {
        long start = System.nanoTime();
        URI uri = exchange.getRequestURI();
        ApiResponse response;
        try {
            response = answer(exchange, uri);
        } catch (RuntimeException e) {
            LOG.error(
                    "{} {} failed unexpectedly ({})",
                    exchange.getRequestMethod(),
                    uri.getRawPath(),
                    e.getClass().getName());
            response = ApiResponse.problem(Problem.INTERNAL, e.getClass().getSimpleName(), uri.getRawPath());
        }
        try (exchange) {
            exchange.getResponseHeaders().set("Content-Type", response.contentType());
            if (response.status() == Problem.UNAUTHORIZED.status()) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
            }
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            if (response.body().length == 0) {
                exchange.sendResponseHeaders(response.status(), -1);
            } else {
                exchange.sendResponseHeaders(response.status(), response.body().length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(response.body());
                }
            }
        }
        LOG.debug(
                "{} {} -> {} in {} ms",
                exchange.getRequestMethod(),
                uri.getRawPath(),
                response.status(),
                Duration.ofNanos(System.nanoTime() - start).toMillis());
    }

    private ApiResponse answer(HttpExchange exchange, URI uri) throws IOException {
        String path = uri.getRawPath();
        UserId caller;
        try {
            caller = tokens.verify(bearer(exchange));
        } catch (ServiceRefusal e) {
            return ApiResponse.problem(e.problem(), e.getMessage(), path);
        }
        Optional<byte[]> body = readBody(exchange);
        if (body.isEmpty()) {
            return ApiResponse.problem(
                    Problem.TOO_LARGE, "request bodies are at most " + MAX_BODY_BYTES + " bytes", path);
        }
        ApiRequest request = new ApiRequest(
                exchange.getRequestMethod(),
                path,
                query(uri.getRawQuery()),
                Optional.ofNullable(exchange.getRequestHeaders().getFirst("Content-Type")),
                body.get());
        return router.handle(request, caller);
    }

    private static String bearer(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
            throw new ServiceRefusal(Problem.UNAUTHORIZED, "send Authorization: Bearer <token>");
        }
        return header.substring(7).strip();
    }

    /** The body, or empty when it is larger than the cap (it is not read further). */
    private static Optional<byte[]> readBody(HttpExchange exchange) throws IOException {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        if (declared != null) {
            try {
                if (Long.parseLong(declared.strip()) > MAX_BODY_BYTES) {
                    return Optional.empty();
                }
            } catch (NumberFormatException e) {
                // Read it and see.
            }
        }
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            return body.length > MAX_BODY_BYTES ? Optional.empty() : Optional.of(body);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return query;
        }
        for (String pair : raw.split("&")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            query.putIfAbsent(
                    URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return query;
    }

    @Override
    public void close() {
        server.stop(1);
        threads.shutdownNow();
    }

    @Override
    public String toString() {
        return "ApiServer[" + url() + "]";
    }
}
