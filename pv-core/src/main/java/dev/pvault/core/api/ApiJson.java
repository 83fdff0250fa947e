package dev.pvault.core.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pvault.core.InternalException;
import dev.pvault.core.VaultException;
import dev.pvault.core.crypto.JobDocument;
import dev.pvault.core.crypto.RecipientPublicKey;
import dev.pvault.core.model.BatchId;
import dev.pvault.core.model.JobId;
import dev.pvault.core.model.MessageId;
import dev.pvault.core.model.UserId;
import dev.pvault.core.worker.JobCounts;
import dev.pvault.core.worker.JobResults;
import dev.pvault.core.worker.JobState;
import dev.pvault.core.worker.JobStatus;
import dev.pvault.core.worker.JobTicket;
import dev.pvault.core.worker.ResultPage;
import dev.pvault.core.worker.StoredVector;
import dev.pvault.core.worker.WrappedResultKey;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The JSON of every body in docs/openapi.yaml, written once for the server and the client. Writers take the
 * domain types; readers check every field and throw {@link ServiceRefusal} ({@link Problem#BAD_REQUEST})
 * naming the field, never echoing its value (a body may be anything).
 */
public final class ApiJson {
    /** The most ids one request may carry (as the spec's maxItems). */
    public static final int MAX_IDS = 10_000;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder BASE64 = Base64.getEncoder();

    private ApiJson() {}

    // ---- reading and writing documents -----------------------------------------------------------------

    /** Parses a request or response body; not one JSON object is a bad request. */
    public static JsonNode read(byte[] body) {
        JsonNode node;
        try {
            node = body.length == 0 ? null : JSON.readTree(body);
        } catch (java.io.IOException e) {
            throw bad("the body is not valid JSON (" + body.length + " bytes)");
        }
        if (node == null || !node.isObject()) {
            throw bad("the body must be one JSON object");
        }
        return node;
    }

    public static byte[] write(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new InternalException(
                    "cannot write a JSON body (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    public static ObjectNode object() {
        return JSON.createObjectNode();
    }

    // ---- identity ----------------------------------------------------------------------------------------

    public static ObjectNode me(Me me) {
        ObjectNode node = object().put("userId", me.userId().toString());
        me.publicKey()
                .ifPresent(key -> node.put("publicKey", key.base64())
                        .put("keyId", key.keyId().hex()));
        return node;
    }

    public static Me me(JsonNode node) {
        return new Me(
                parse(node, "userId", UserId::parse),
                optionalText(node, "publicKey")
                        .map(text -> parseValue("publicKey", text, RecipientPublicKey::ofBase64)));
    }

    public static ObjectNode keyRegistration(RecipientPublicKey key) {
        return object().put("publicKey", key.base64());
    }

    public static RecipientPublicKey keyRegistration(JsonNode node) {
        onlyFields(node, "publicKey");
        return parse(node, "publicKey", RecipientPublicKey::ofBase64);
    }

    public static ObjectNode worker(WorkerInfo worker) {
        ObjectNode node = object().put("keyId", worker.publicKey().keyId().hex())
                .put("publicKey", worker.publicKey().base64());
        ArrayNode models = node.putArray("models");
        worker.models().stream().sorted().forEach(models::add);
        return node;
    }

    public static WorkerInfo worker(JsonNode node) {
        Set<String> models = new LinkedHashSet<>();
        array(node, "models").forEach(model -> models.add(model.asText()));
        return new WorkerInfo(parse(node, "publicKey", RecipientPublicKey::ofBase64), models);
    }

    // ---- import ------------------------------------------------------------------------------------------

    /** A request for an upload URL. */
    public record Upload(BatchId batch, long contentLength) {}

    public static ObjectNode upload(BatchId batch, long contentLength) {
        return object().put("batchId", batch.toString()).put("contentLength", contentLength);
    }

    public static Upload upload(JsonNode node) {
        onlyFields(node, "batchId", "contentLength");
        return new Upload(parse(node, "batchId", BatchId::parse), longField(node, "contentLength"));
    }

    public static ObjectNode presigned(PresignedRequest request) {
        ObjectNode node = object().put("method", request.method())
                .put("url", request.url().toString())
                .put("objectKey", request.objectKey())
                .put("expiresAt", request.expiresAt().toString());
        ObjectNode headers = node.putObject("headers");
        request.headers().forEach(headers::put);
        return node;
    }

    public static PresignedRequest presigned(JsonNode node) {
        Map<String, String> headers = new LinkedHashMap<>();
        JsonNode given = node.path("headers");
        if (given.isObject()) {
            given.properties()
                    .forEach(entry ->
                            headers.put(entry.getKey(), entry.getValue().asText()));
        }
        return new PresignedRequest(
                text(node, "method"),
                parse(node, "url", URI::create),
                text(node, "objectKey"),
                headers,
                parse(node, "expiresAt", Instant::parse));
    }

    /** A job submission: the job document and the keyed ids of its batch's messages. */
    public record Submission(JobDocument job, List<MessageId> messageIds) {}

    public static ObjectNode submission(JobDocument job, Collection<MessageId> ids) {
        ObjectNode node = object();
        try {
            node.set("job", JSON.readTree(job.toJson()));
        } catch (JsonProcessingException e) {
            throw new InternalException("cannot embed job " + job.jobId() + " in a request", e);
        }
        node.set("messageIds", messageIdArray(ids));
        return node;
    }

    public static Submission submission(JsonNode node) {
        onlyFields(node, "job", "messageIds");
        JsonNode job = node.get("job");
        if (job == null || !job.isObject()) {
            throw bad("\"job\" must be the job document, a JSON object");
        }
        JobDocument document;
        try {
            document = JobDocument.parse(job.toString());
        } catch (VaultException e) {
            throw bad("\"job\" is not a valid job document: " + e.getMessage());
        }
        return new Submission(document, messageIds(node));
    }

    public static ObjectNode messageIds(Collection<MessageId> ids) {
        ObjectNode node = object();
        node.set("messageIds", messageIdArray(ids));
        return node;
    }

    public static List<MessageId> messageIds(JsonNode node) {
        return ids(node, "messageIds", MessageId::parse);
    }

    /** A question about which message ids the vault has. */
    public record Known(String model, List<MessageId> messageIds) {}

    public static ObjectNode known(String model, Collection<MessageId> ids) {
        ObjectNode node = object().put("model", model);
        node.set("messageIds", messageIdArray(ids));
        return node;
    }

    public static Known known(JsonNode node) {
        onlyFields(node, "model", "messageIds");
        String model = text(node, "model");
        if (model.isEmpty() || model.length() > JobDocument.MAX_MODEL_LENGTH) {
            throw bad("\"model\" must have 1.." + JobDocument.MAX_MODEL_LENGTH + " characters");
        }
        return new Known(model, messageIds(node));
    }

    public static ObjectNode jobIds(Collection<JobId> ids) {
        ObjectNode node = object();
        ArrayNode array = node.putArray("jobIds");
        ids.forEach(id -> array.add(id.toString()));
        return node;
    }

    public static List<JobId> jobIds(JsonNode node) {
        return ids(node, "jobIds", JobId::parse);
    }

    // ---- status ------------------------------------------------------------------------------------------

    public static ObjectNode job(JobStatus job) {
        JobTicket ticket = job.ticket();
        ObjectNode node = object().put("jobId", ticket.jobId().toString())
                .put("batchId", ticket.batchId().toString())
                .put("model", ticket.model())
                .put("state", job.state().name())
                .put("messages", ticket.messageCount())
                .put("attempts", job.attempts());
        node.putObject("counts")
                .put("embedded", job.counts().embedded())
                .put("alreadyPresent", job.counts().alreadyPresent())
                .put("skipped", job.counts().skipped());
        job.errorReason().ifPresent(reason -> node.put("error", reason));
        node.put("createdAt", job.createdAt().toString())
                .put("updatedAt", job.updatedAt().toString());
        return node;
    }

    /** A job as the service lists it; the caller is its user (the wire names no user). */
    public static JobStatus job(JsonNode node, UserId caller) {
        JsonNode counts = node.path("counts");
        return new JobStatus(
                new JobTicket(
                        parse(node, "jobId", JobId::parse),
                        caller,
                        parse(node, "batchId", BatchId::parse),
                        text(node, "model"),
                        intField(node, "messages")),
                parse(node, "state", JobState::valueOf),
                intField(node, "attempts"),
                new JobCounts(
                        intField(counts, "embedded"), intField(counts, "alreadyPresent"), intField(counts, "skipped")),
                Optional.empty(),
                optionalText(node, "error"),
                parse(node, "createdAt", Instant::parse),
                parse(node, "updatedAt", Instant::parse));
    }

    public static ObjectNode jobList(JobList list) {
        ObjectNode node = object();
        ArrayNode jobs = node.putArray("jobs");
        list.jobs().forEach(job -> jobs.add(job(job)));
        ArrayNode dead = node.putArray("dead");
        list.dead().forEach(id -> dead.add(id.toString()));
        return node;
    }

    public static JobList jobList(JsonNode node, UserId caller) {
        List<JobStatus> jobs = new ArrayList<>();
        array(node, "jobs").forEach(job -> jobs.add(job(job, caller)));
        return new JobList(jobs, new LinkedHashSet<>(ids(node, "dead", JobId::parse)));
    }

    // ---- sync --------------------------------------------------------------------------------------------

    public static ObjectNode resultPage(ResultPage page) {
        ObjectNode node = object();
        ArrayNode results = node.putArray("results");
        for (JobResults job : page.results()) {
            ObjectNode one = results.addObject()
                    .put("jobId", job.jobId().toString())
                    .put("batchId", job.batchId().toString())
                    .put("sequence", job.order());
            job.resultKey().ifPresent(key -> one.put("resultKey", BASE64.encodeToString(key.bytes())));
            ArrayNode vectors = one.putArray("vectors");
            job.vectors()
                    .forEach(vector -> vectors.addObject()
                            .put("messageId", vector.messageId().hex())
                            .put("sealed", BASE64.encodeToString(vector.sealed())));
        }
        node.put("next", page.next()).put("more", page.more());
        return node;
    }

    public static ResultPage resultPage(JsonNode node) {
        List<JobResults> results = new ArrayList<>();
        for (JsonNode one : array(node, "results")) {
            JobId job = parse(one, "jobId", JobId::parse);
            List<StoredVector> vectors = new ArrayList<>();
            for (JsonNode vector : array(one, "vectors")) {
                vectors.add(new StoredVector(
                        parse(vector, "messageId", MessageId::parse),
                        job,
                        parse(vector, "sealed", Base64.getDecoder()::decode)));
            }
            results.add(new JobResults(
                    job,
                    parse(one, "batchId", BatchId::parse),
                    longField(one, "sequence"),
                    optionalText(one, "resultKey")
                            .map(text ->
                                    WrappedResultKey.of(parseValue("resultKey", text, Base64.getDecoder()::decode))),
                    vectors));
        }
        return new ResultPage(results, longField(node, "next"), booleanField(node, "more"));
    }

    // ---- delete and dead letters -----------------------------------------------------------------------

    public static ObjectNode batchIds(Collection<BatchId> ids) {
        ObjectNode node = object();
        ArrayNode array = node.putArray("batchIds");
        ids.forEach(id -> array.add(id.toString()));
        return node;
    }

    public static List<BatchId> batchIds(JsonNode node) {
        onlyFields(node, "batchIds");
        return ids(node, "batchIds", BatchId::parse);
    }

    public static ObjectNode deletion(Deletion deletion) {
        return object().put("batches", deletion.batches())
                .put("jobs", deletion.jobs())
                .put("vectors", deletion.vectors())
                .put("deadLetters", deletion.deadLetters());
    }

    public static Deletion deletion(JsonNode node) {
        return new Deletion(
                intField(node, "batches"),
                intField(node, "jobs"),
                intField(node, "vectors"),
                intField(node, "deadLetters"));
    }

    public static ObjectNode deadJobs(List<DeadJob> dead) {
        ObjectNode node = object();
        ArrayNode array = node.putArray("dead");
        for (DeadJob job : dead) {
            ObjectNode one = array.addObject().put("messageId", job.messageId());
            job.jobId().ifPresent(id -> one.put("jobId", id.toString()));
            one.put("messages", job.messages()).put("receives", job.receives());
            job.reason().ifPresent(reason -> one.put("reason", reason));
        }
        return node;
    }

    public static List<DeadJob> deadJobs(JsonNode node) {
        List<DeadJob> dead = new ArrayList<>();
        for (JsonNode one : array(node, "dead")) {
            dead.add(new DeadJob(
                    text(one, "messageId"),
                    optionalText(one, "jobId").map(text -> parseValue("jobId", text, JobId::parse)),
                    intField(one, "messages"),
                    intField(one, "receives"),
                    optionalText(one, "reason")));
        }
        return dead;
    }

    public static ObjectNode redrive(int moved) {
        return object().put("redriven", moved);
    }

    public static int redrive(JsonNode node) {
        return intField(node, "redriven");
    }

    // ---- problems ----------------------------------------------------------------------------------------

    /** An RFC 9457 problem document. */
    public static ObjectNode problem(Problem problem, String detail, String instance) {
        ObjectNode node = object().put("type", problem.type())
                .put("title", problem.title())
                .put("status", problem.status());
        if (detail != null) {
            node.put("detail", detail);
        }
        if (instance != null) {
            node.put("instance", instance);
        }
        return node;
    }

    // ---- fields ------------------------------------------------------------------------------------------

    private static ArrayNode messageIdArray(Collection<MessageId> ids) {
        ArrayNode array = JSON.createArrayNode();
        ids.forEach(id -> array.add(id.hex()));
        return array;
    }

    private static ServiceRefusal bad(String detail) {
        return new ServiceRefusal(Problem.BAD_REQUEST, detail);
    }

    private static void onlyFields(JsonNode node, String... allowed) {
        Set<String> known = Set.of(allowed);
        node.fieldNames().forEachRemaining(name -> {
            if (!known.contains(name)) {
                throw bad("unknown field \"" + (name.length() > 40 ? name.substring(0, 40) + "..." : name) + "\"");
            }
        });
    }

    private static JsonNode field(JsonNode node, String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            throw bad("\"" + name + "\" is missing");
        }
        return value;
    }

    private static String text(JsonNode node, String name) {
        JsonNode value = field(node, name);
        if (!value.isTextual()) {
            throw bad("\"" + name + "\" must be a string");
        }
        return value.textValue();
    }

    private static Optional<String> optionalText(JsonNode node, String name) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(text(node, name));
    }

    private static int intField(JsonNode node, String name) {
        JsonNode value = field(node, name);
        if (!value.isInt()) {
            throw bad("\"" + name + "\" must be an integer");
        }
        return value.intValue();
    }

    private static long longField(JsonNode node, String name) {
        JsonNode value = field(node, name);
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw bad("\"" + name + "\" must be an integer");
        }
        return value.longValue();
    }

    private static boolean booleanField(JsonNode node, String name) {
        JsonNode value = field(node, name);
        if (!value.isBoolean()) {
            throw bad("\"" + name + "\" must be true or false");
        }
        return value.booleanValue();
    }

    private static JsonNode array(JsonNode node, String name) {
        JsonNode value = field(node, name);
        if (!value.isArray()) {
            throw bad("\"" + name + "\" must be an array");
        }
        return value;
    }

    private static <T> List<T> ids(JsonNode node, String name, Function<String, T> parser) {
        JsonNode array = array(node, name);
        if (array.size() > MAX_IDS) {
            throw new ServiceRefusal(
                    Problem.TOO_LARGE, "\"" + name + "\" has " + array.size() + " ids, more than " + MAX_IDS);
        }
        List<T> ids = new ArrayList<>(array.size());
        for (JsonNode id : array) {
            if (!id.isTextual()) {
                throw bad("\"" + name + "\" must hold strings");
            }
            ids.add(parseValue(name, id.textValue(), parser));
        }
        return ids;
    }

    private static <T> T parse(JsonNode node, String name, Function<String, T> parser) {
        return parseValue(name, text(node, name), parser);
    }

    private static <T> T parseValue(String name, String text, Function<String, T> parser) {
        try {
            return parser.apply(text);
        } catch (RuntimeException e) {
            throw bad("\"" + name + "\" is not valid ("
                    + (e instanceof VaultException
                            ? e.getMessage()
                            : e.getClass().getSimpleName()) + ")");
        }
    }
}
