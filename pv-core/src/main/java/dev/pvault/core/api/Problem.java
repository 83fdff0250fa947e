package dev.pvault.core.api;

import java.util.Arrays;
import java.util.Optional;

/**
 * The kinds of refusal the service answers with, each an RFC 9457 problem type that never changes (clients
 * branch on it) and an HTTP status.
 */
public enum Problem {
    BAD_REQUEST("bad-request", 400, "The request is malformed"),
    UNAUTHORIZED("unauthorized", 401, "No valid bearer token"),
    FORBIDDEN("forbidden", 403, "The request names another user or their data"),
    NOT_FOUND("not-found", 404, "No such thing of yours"),
    METHOD_NOT_ALLOWED("method-not-allowed", 405, "That method is not allowed here"),
    WORK_PENDING("work-pending", 409, "Jobs of yours are still queued or running"),
    KEYS_IN_USE("keys-in-use", 409, "Other keys of yours are in use"),
    KEYS_NOT_REGISTERED("keys-not-registered", 409, "Register your public key first"),
    BATCH_NOT_UPLOADED("batch-not-uploaded", 409, "The job's batch was not uploaded"),
    TOO_LARGE("too-large", 413, "Too large"),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", 415, "Send application/json"),
    UNAVAILABLE("unavailable", 503, "A service the vault relies on is unavailable; try again"),
    INTERNAL("internal", 500, "Internal error");

    /** Where the problem types live; they name kinds, they are not fetched. */
    public static final String TYPE_PREFIX = "https://pvault.dev/problems/";

    public static final String MEDIA_TYPE = "application/problem+json";

    private final String slug;
    private final int status;
    private final String title;

    Problem(String slug, int status, String title) {
        this.slug = slug;
        this.status = status;
        this.title = title;
    }

    /** The problem document's {@code type}. */
    public String type() {
        return TYPE_PREFIX + slug;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** The kind a problem document's {@code type} names, if it is one of these. */
    public static Optional<Problem> ofType(String type) {
        return Arrays.stream(values()).filter(p -> p.type().equals(type)).findFirst();
    }
}
