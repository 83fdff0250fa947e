package dev.pvault.client.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pvault.core.InternalException;
import dev.pvault.core.UnavailableException;
import dev.pvault.core.VaultException;
import dev.pvault.core.api.ApiJson;
import dev.pvault.core.api.DeadJob;
import dev.pvault.core.api.Deletion;
import dev.pvault.core.api.JobList;
import dev.pvault.core.api.Me;
import dev.pvault.core.api.PresignedRequest;
import dev.pvault.core.api.Problem;
import dev.pvault.core.api.ServiceRefusal;
import dev.pvault.core.api.VaultApi;
import dev.pvault.core.api.WorkerInfo;
import dev.pvault.core.crypto.JobDocument;
import dev.pvault.core.crypto.RecipientPublicKey;
import dev.pvault.core.model.BatchId;
import dev.pvault.core.model.JobId;
import dev.pvault.core.model.MessageId;
import dev.pvault.core.model.UserId;
import dev.pvault.core.worker.JobStatus;
import dev.pvault.core.worker.ResultPage;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The vault service over HTTP (docs/openapi.yaml), with the JDK's client: a deployed stack's API Gateway URL,
 * {@code pvault serve}'s, or a local vault's own service on loopback. The bearer token comes from a supplier on
 * every call (tokens expire). 4xx problem documents become {@link ServiceRefusal}s, a 404 for one job or batch
 * an empty answer, 5xx and unreachable services {@link UnavailableException}s.
 */
public final class HttpVaultApi implements VaultApi {
    private final HttpClient http;
    private final URI base;
    private final Supplier<String> token;
    private final Duration timeout;
    private volatile UserId caller;

    public HttpVaultApi(HttpClient http, URI base, Supplier<String> token, Duration timeout) {
        this.http = Objects.requireNonNull(http, "http");
        String text = base.toString();
        this.base = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        this.token = Objects.requireNonNull(token, "token");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    public URI base() {
        return base;
    }

    @Override
    public Me me() {
        Me me = ApiJson.me(call("GET", "/v1/me", null).orElseThrow());
        caller = me.userId();
        return me;
    }

    @Override
    public Me registerKey(RecipientPublicKey publicKey) {
        return ApiJson.me(
                call("PUT", "/v1/me/keys", ApiJson.keyRegistration(publicKey)).orElseThrow());
    }

    @Override
    public WorkerInfo worker() {
        return ApiJson.worker(call("GET", "/v1/worker-key", null).orElseThrow());
    }

    @Override
    public PresignedRequest createUpload(BatchId batch, long contentLength) {
        return ApiJson.presigned(call("POST", "/v1/uploads", ApiJson.upload(batch, contentLength))
                .orElseThrow());
    }

    @Override
    public JobStatus submitJob(JobDocument job, Collection<MessageId> messageIds) {
        return ApiJson.job(
                call("POST", "/v1/jobs", ApiJson.submission(job, messageIds)).orElseThrow(), job.userId());
    }

    @Override
    public JobList jobs() {
        return ApiJson.jobList(call("GET", "/v1/jobs", null).orElseThrow(), caller());
    }

    @Override
    public Optional<JobStatus> job(JobId job) {
        return optional(() -> call("GET", "/v1/jobs/" + job, null)).map(node -> ApiJson.job(node, caller()));
    }

    @Override
    public void recordMessageIds(JobId job, Collection<MessageId> messageIds) {
        call("POST", "/v1/jobs/" + job + "/message-ids", ApiJson.messageIds(messageIds));
    }

    @Override
    public List<JobId> jobsWithoutMessageIds() {
        return ApiJson.jobIds(call("GET", "/v1/jobs-without-message-ids", null).orElseThrow());
    }

    @Override
    public Set<MessageId> knownMessages(String model, Collection<MessageId> candidates) {
        return new HashSet<>(ApiJson.messageIds(call("POST", "/v1/messages/known", ApiJson.known(model, candidates))
                .orElseThrow()));
    }

    @Override
    public ResultPage results(String model, long after, int limit) {
        String query =
                "?model=" + URLEncoder.encode(model, StandardCharsets.UTF_8) + "&after=" + after + "&limit=" + limit;
        return ApiJson.resultPage(call("GET", "/v1/results" + query, null).orElseThrow());
    }

    @Override
    public Optional<PresignedRequest> batch(BatchId batch) {
        return optional(() -> call("GET", "/v1/batches/" + batch, null)).map(ApiJson::presigned);
    }

    @Override
    public Deletion deleteBatches(Collection<BatchId> batches) {
        return ApiJson.deletion(
                call("POST", "/v1/deletions", ApiJson.batchIds(batches)).orElseThrow());
    }

    @Override
    public Deletion deleteEverything() {
        return ApiJson.deletion(call("DELETE", "/v1/vault", null).orElseThrow());
    }

    @Override
    public List<DeadJob> deadJobs() {
        return ApiJson.deadJobs(call("GET", "/v1/dead-jobs", null).orElseThrow());
    }

    @Override
    public int redrive() {
        return ApiJson.redrive(
                call("POST", "/v1/dead-jobs/redrive", ApiJson.object()).orElseThrow());
    }

    /** The caller's id (the wire does not repeat it on every job): asked once. */
    private UserId caller() {
        UserId known = caller;
        return known != null ? known : me().userId();
    }

    private static Optional<JsonNode> optional(Supplier<Optional<JsonNode>> call) {
        try {
            return call.get();
        } catch (ServiceRefusal e) {
            if (e.problem() == Problem.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Sends one request; the JSON answer, or empty for 204. */
    private Optional<JsonNode> call(String method, String pathAndQuery, ObjectNode body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                .timeout(timeout)
                .header("Authorization", "Bearer " + token.get())
                .header("Accept", "application/json");
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(ApiJson.write(body)));
        }
        String what = method + " " + pathAndQuery.split("\\?", 2)[0];
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (ConnectException e) {
            throw new UnavailableException("cannot reach the vault service at " + base + " (is it running?)", e);
        } catch (IOException e) {
            throw new UnavailableException(
                    what + " to " + base + " failed (" + e.getClass().getSimpleName() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException("interrupted during " + what);
        }
        int status = response.statusCode();
        if (status == 204) {
            return Optional.empty();
        }
        if (status / 100 == 2) {
            try {
                return Optional.of(ApiJson.read(response.body()));
            } catch (VaultException e) {
                throw new InternalException("the vault service answered " + what + " with a body that is not JSON");
            }
        }
        throw refusal(what, status, response.body());
    }

    private RuntimeException refusal(String what, int status, byte[] body) {
        String detail;
        Optional<Problem> kind;
        try {
            JsonNode problem = ApiJson.read(body);
            kind = Problem.ofType(problem.path("type").asText());
            detail = problem.path("detail").asText(problem.path("title").asText("no detail"));
        } catch (VaultException e) {
            kind = Optional.empty();
            detail = "no problem document";
        }
        String line = "the vault service refused " + what + " (" + status + "): " + detail;
        if (status >= 500) {
            return status == 503 || status == 502 || status == 504
                    ? new UnavailableException(line)
                    : new InternalException(line);
        }
        if (status == 401) {
            return new ServiceRefusal(
                    Problem.UNAUTHORIZED,
                    "the vault service refused the token (" + detail + "); get a new one (PV_TOKEN or --token-file)");
        }
        return new ServiceRefusal(kind.orElse(Problem.BAD_REQUEST), line);
    }

    @Override
    public String toString() {
        return "HttpVaultApi[" + base + "]";
    }
}
