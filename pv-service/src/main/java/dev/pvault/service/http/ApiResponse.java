package dev.pvault.service.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pvault.core.api.ApiJson;
import dev.pvault.core.api.Problem;
import java.util.Objects;

/** An API response: status, content type and body (empty for 204). */
public record ApiResponse(int status, String contentType, byte[] body) {
    public static final String JSON = "application/json";

    public ApiResponse {
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(body, "body");
    }

    static ApiResponse json(int status, JsonNode document) {
        return new ApiResponse(status, JSON, ApiJson.write(document));
    }

    static ApiResponse noContent() {
        return new ApiResponse(204, JSON, new byte[0]);
    }

    /** An RFC 9457 problem document; {@code detail} names ids and kinds only. */
    public static ApiResponse problem(Problem problem, String detail, String instance) {
        return new ApiResponse(
                problem.status(), Problem.MEDIA_TYPE, ApiJson.write(ApiJson.problem(problem, detail, instance)));
    }

    @Override
    public String toString() {
        return "ApiResponse[" + status + ", " + body.length + " bytes]";
    }
}
