package dev.pvault.service.http;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One API request as any transport hands it over (the loopback HTTP server, API Gateway's Lambda event):
 * the method, the path without the query, the query parameters, the content type and the body.
 */
public record ApiRequest(
        String method, String path, Map<String, String> query, Optional<String> contentType, byte[] body) {
    public ApiRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        query = Map.copyOf(query);
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(body, "body");
    }

    @Override
    public String toString() {
        return "ApiRequest[" + method + " " + path + ", " + body.length + " bytes]";
    }
}
