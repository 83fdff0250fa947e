package dev.pvault.service.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pvault.core.InternalException;
import dev.pvault.core.UnavailableException;
import dev.pvault.core.UserException;
import dev.pvault.core.VaultException;
import dev.pvault.core.api.ApiJson;
import dev.pvault.core.api.Problem;
import dev.pvault.core.api.ServiceRefusal;
import dev.pvault.core.api.VaultApi;
import dev.pvault.core.model.BatchId;
import dev.pvault.core.model.JobId;
import dev.pvault.core.model.UserId;
import dev.pvault.service.VaultService;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routes of docs/openapi.yaml over {@link VaultService}: everything after authentication, one code path for
 * every transport. A transport verifies the caller (a token it checked, or the claims API Gateway's authorizer
 * checked) and hands the request here; failures become RFC 9457 problem documents, logged once, without
 * bodies.
 */
public final class ApiRouter {
    private static final Logger LOG = LoggerFactory.getLogger(ApiRouter.class);

    /** A route: the method, the path template ({@code {name}} segments) and the spec's operationId. */
    public record Route(String method, String path, String operationId) {}

    private record Handler(Route route, BiFunction<Call, VaultApi, ApiResponse> run) {}

    /** A matched request: its path parameters and query. */
    private record Call(ApiRequest request, Map<String, String> path) {
        JsonNode body() {
            if (request.contentType()
                    .map(type -> !type.toLowerCase(Locale.ROOT).startsWith(ApiResponse.JSON))
                    .orElse(true)) {
                throw new ServiceRefusal(Problem.UNSUPPORTED_MEDIA_TYPE, "send the body as " + ApiResponse.JSON);
            }
            return ApiJson.read(request.body());
        }

        String query(String name, String fallback) {
            return request.query().getOrDefault(name, fallback);
        }
    }

    private final VaultService service;
    private final List<Handler> handlers;

    public ApiRouter(VaultService service) {
        this.service = Objects.requireNonNull(service, "service");
        this.handlers = List.of(
                handler("GET", "/v1/me", "getMe", (call, api) -> ApiResponse.json(200, ApiJson.me(api.me()))),
                handler(
                        "PUT",
                        "/v1/me/keys",
                        "registerKeys",
                        (call, api) -> ApiResponse.json(
                                200, ApiJson.me(api.registerKey(ApiJson.keyRegistration(call.body()))))),
                handler(
                        "GET",
                        "/v1/worker-key",
                        "getWorkerKey",
                        (call, api) -> ApiResponse.json(200, ApiJson.worker(api.worker()))),
                handler("POST", "/v1/uploads", "createUpload", (call, api) -> {
                    ApiJson.Upload upload = ApiJson.upload(call.body());
                    return ApiResponse.json(
                            201, ApiJson.presigned(api.createUpload(upload.batch(), upload.contentLength())));
                }),
                handler(
                        "GET",
                        "/v1/jobs",
                        "listJobs",
                        (call, api) -> ApiResponse.json(200, ApiJson.jobList(api.jobs()))),
                handler("POST", "/v1/jobs", "submitJob", (call, api) -> {
                    ApiJson.Submission submission = ApiJson.submission(call.body());
                    return ApiResponse.json(202, ApiJson.job(api.submitJob(submission.job(), submission.messageIds())));
                }),
                handler(
                        "GET",
                        "/v1/jobs/{jobId}",
                        "getJob",
                        (call, api) -> api.job(jobId(call))
                                .map(job -> ApiResponse.json(200, ApiJson.job(job)))
                                .orElseThrow(() -> notFound("job " + call.path().get("jobId")))),
                handler("POST", "/v1/jobs/{jobId}/message-ids", "recordMessageIds", (call, api) -> {
                    api.recordMessageIds(jobId(call), ApiJson.messageIds(call.body()));
                    return ApiResponse.noContent();
                }),
                handler(
                        "GET",
                        "/v1/jobs-without-message-ids",
                        "listJobsWithoutMessageIds",
                        (call, api) -> ApiResponse.json(200, ApiJson.jobIds(api.jobsWithoutMessageIds()))),
                handler("POST", "/v1/messages/known", "knownMessages", (call, api) -> {
                    ApiJson.Known known = ApiJson.known(call.body());
                    return ApiResponse.json(
                            200, ApiJson.messageIds(api.knownMessages(known.model(), known.messageIds())));
                }),
                handler("GET", "/v1/results", "listResults", (call, api) -> {
                    String model = call.query("model", "");
                    if (model.isEmpty()) {
                        throw new ServiceRefusal(Problem.BAD_REQUEST, "the query needs model=...");
                    }
                    long after = number(call.query("after", "0"), "after");
                    int limit = (int) Math.min(Integer.MAX_VALUE, number(call.query("limit", "20"), "limit"));
                    return ApiResponse.json(200, ApiJson.resultPage(api.results(model, after, limit)));
                }),
                handler(
                        "GET",
                        "/v1/batches/{batchId}",
                        "getBatch",
                        (call, api) -> api.batch(batchId(call))
                                .map(request -> ApiResponse.json(200, ApiJson.presigned(request)))
                                .orElseThrow(
                                        () -> notFound("batch " + call.path().get("batchId")))),
                handler(
                        "POST",
                        "/v1/deletions",
                        "deleteBatches",
                        (call, api) -> ApiResponse.json(
                                200, ApiJson.deletion(api.deleteBatches(ApiJson.batchIds(call.body()))))),
                handler(
                        "DELETE",
                        "/v1/vault",
                        "deleteEverything",
                        (call, api) -> ApiResponse.json(200, ApiJson.deletion(api.deleteEverything()))),
                handler(
                        "GET",
                        "/v1/dead-jobs",
                        "listDeadJobs",
                        (call, api) -> ApiResponse.json(200, ApiJson.deadJobs(api.deadJobs()))),
                handler(
                        "POST",
                        "/v1/dead-jobs/redrive",
                        "redriveDeadJobs",
                        (call, api) -> ApiResponse.json(200, ApiJson.redrive(api.redrive()))));
    }

    private static Handler handler(
            String method, String path, String operationId, BiFunction<Call, VaultApi, ApiResponse> run) {
        return new Handler(new Route(method, path, operationId), run);
    }

    /** Every route served, for the check against docs/openapi.yaml. */
    public List<Route> routes() {
        return handlers.stream().map(Handler::route).toList();
    }

    /** Answers {@code request} for the authenticated {@code caller}; never throws. */
    public ApiResponse handle(ApiRequest request, UserId caller) {
        boolean pathKnown = false;
        for (Handler handler : handlers) {
            Optional<Map<String, String>> parameters = match(handler.route().path(), request.path());
            if (parameters.isEmpty()) {
                continue;
            }
            pathKnown = true;
            if (handler.route().method().equals(request.method())) {
                return run(handler, new Call(request, parameters.get()), caller);
            }
        }
        return pathKnown
                ? ApiResponse.problem(
                        Problem.METHOD_NOT_ALLOWED, request.method() + " is not allowed here", request.path())
                : ApiResponse.problem(Problem.NOT_FOUND, "no such route", request.path());
    }

    private ApiResponse run(Handler handler, Call call, UserId caller) {
        String operation = handler.route().operationId();
        try {
            return handler.run().apply(call, service.as(caller));
        } catch (ServiceRefusal e) {
            LOG.info("{} of user {}: {} ({})", operation, caller, e.problem().name(), e.getMessage());
            return ApiResponse.problem(
                    e.problem(), e.getMessage(), call.request().path());
        } catch (VaultException e) {
            // Our own messages are content-free by contract.
            Problem problem = switch (e) {
                case UserException user -> Problem.BAD_REQUEST;
                case UnavailableException unavailable -> Problem.UNAVAILABLE;
                case InternalException internal -> Problem.INTERNAL;
            };
            LOG.warn(
                    "{} of user {} failed: {} ({})",
                    operation,
                    caller,
                    e.getMessage(),
                    e.getClass().getSimpleName());
            return ApiResponse.problem(problem, e.getMessage(), call.request().path());
        } catch (RuntimeException e) {
            // A foreign exception's message may quote its input: the type only, in the log and the answer.
            LOG.error(
                    "{} of user {} failed unexpectedly ({})",
                    operation,
                    caller,
                    e.getClass().getName());
            return ApiResponse.problem(
                    Problem.INTERNAL,
                    e.getClass().getSimpleName(),
                    call.request().path());
        }
    }

    /** The path parameters when {@code path} matches {@code template}. */
    static Optional<Map<String, String>> match(String template, String path) {
        String[] want = template.split("/", -1);
        String[] have = path.split("/", -1);
        if (want.length != have.length) {
            return Optional.empty();
        }
        Map<String, String> parameters = new HashMap<>();
        for (int i = 0; i < want.length; i++) {
            if (want[i].startsWith("{") && want[i].endsWith("}")) {
                if (have[i].isEmpty()) {
                    return Optional.empty();
                }
                parameters.put(want[i].substring(1, want[i].length() - 1), have[i]);
            } else if (!want[i].equals(have[i])) {
                return Optional.empty();
            }
        }
        return Optional.of(parameters);
    }

    private static JobId jobId(Call call) {
        try {
            return JobId.parse(call.path().get("jobId"));
        } catch (RuntimeException e) {
            throw new ServiceRefusal(Problem.BAD_REQUEST, "the job id is not a lowercase UUID");
        }
    }

    private static BatchId batchId(Call call) {
        try {
            return BatchId.parse(call.path().get("batchId"));
        } catch (RuntimeException e) {
            throw new ServiceRefusal(Problem.BAD_REQUEST, "the batch id is not a lowercase UUID");
        }
    }

    private static long number(String text, String name) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new ServiceRefusal(Problem.BAD_REQUEST, name + " must be a whole number");
        }
    }

    private static ServiceRefusal notFound(String what) {
        return new ServiceRefusal(Problem.NOT_FOUND, "no " + what + " of yours");
    }
}
