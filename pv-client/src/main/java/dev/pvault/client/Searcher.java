package dev.pvault.client;

import dev.pvault.core.InternalException;
import dev.pvault.core.crypto.DataKey;
import dev.pvault.core.crypto.ResultKeys;
import dev.pvault.core.crypto.UserKeys;
import dev.pvault.core.crypto.VectorEnvelope;
import dev.pvault.core.embed.Embedder;
import dev.pvault.core.embed.VectorMath;
import dev.pvault.core.model.BatchId;
import dev.pvault.core.model.ChatMessage;
import dev.pvault.core.model.JobId;
import dev.pvault.core.model.MessageId;
import dev.pvault.core.worker.EmbeddingStore;
import dev.pvault.core.worker.JobStatus;
import dev.pvault.core.worker.StoredVector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Search on the user's device: embed the query, open every sealed vector of the user's model (unwrapping
 * each job's result key once), rank by cosine, then open only the batches that hold the best hits (and,
 * with filters, as many more as it takes to find {@code k} that pass).
 *
 * <p>Everything opened lives in this call's memory; result keys are zeroed when it returns.
 */
final class Searcher {
    private final UserKeys keys;
    private final EmbeddingStore store;
    private final BatchReader batches;
    private final Map<BatchId, Map<MessageId, ChatMessage>> openedBatches = new HashMap<>();

    Searcher(UserKeys keys, EmbeddingStore store, BatchReader batches) {
        this.keys = keys;
        this.store = store;
        this.batches = batches;
    }

    SearchResults search(SearchRequest request, Embedder embedder) {
        long start = System.nanoTime();
        float[] query = embedder.embedQuery(request.query());
        String model = embedder.modelId();
        List<StoredVector> stored = store.vectors(keys.userId(), model);
        Map<JobId, JobStatus> jobs = new HashMap<>();
        store.jobs(keys.userId()).forEach(job -> jobs.put(job.ticket().jobId(), job));

        double[] scores;
        try {
            scores = scores(query, model, stored, jobs);
        } finally {
            Arrays.fill(query, 0f);
        }
        Integer[] order = IntStream.range(0, stored.size()).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> scores[i]).reversed());
        List<SearchHit> hits = new ArrayList<>(request.k());
        for (int i : order) {
            if (hits.size() == request.k()) {
                break;
            }
            StoredVector vector = stored.get(i);
            ChatMessage message = message(jobs.get(vector.jobId()), vector.messageId());
            if (message != null && request.accepts(message)) {
                hits.add(new SearchHit(
                        hits.size() + 1, scores[i], message.chat(), message.sender(), message.time(), message.text()));
            }
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        return new SearchResults(model, hits, stored.size(), openedBatches.size(), millis);
    }

    /**
     * The cosine of every stored vector with the query. Vectors are opened job by job (one result key each),
     * the jobs spread over the cores: opening is most of a search's own time (10,000 vectors took about a
     * second on one core of a cold JVM).
     */
    private double[] scores(float[] query, String model, List<StoredVector> stored, Map<JobId, JobStatus> jobs) {
        double[] scores = new double[stored.size()];
        Map<JobId, List<Integer>> byJob = new HashMap<>();
        for (int i = 0; i < stored.size(); i++) {
            byJob.computeIfAbsent(stored.get(i).jobId(), id -> new ArrayList<>())
                    .add(i);
        }
        byJob.entrySet().parallelStream().forEach(entry -> {
            try (DataKey resultKey = unwrap(jobs.get(entry.getKey()))) {
                for (int i : entry.getValue()) {
                    StoredVector vector = stored.get(i);
                    float[] components =
                            VectorEnvelope.open(vector.sealed(), keys.userId(), vector.messageId(), model, resultKey);
                    scores[i] = VectorMath.cosine(query, components);
                    Arrays.fill(components, 0f);
                }
            }
        });
        return scores;
    }

    private DataKey unwrap(JobStatus job) {
        if (job == null || job.resultKey().isEmpty()) {
            throw new InternalException("a stored vector belongs to a job with no result key ("
                    + (job == null ? "no job row" : "job " + job.ticket().jobId()) + "); the store is inconsistent");
        }
        return ResultKeys.unwrap(
                job.resultKey().get().bytes(), keys.userId(), job.ticket().jobId(), keys.keyPair());
    }

    private ChatMessage message(JobStatus job, MessageId id) {
        BatchId batch = job.ticket().batchId();
        return openedBatches.computeIfAbsent(batch, this::openBatch).get(id);
    }

    /** The batch's messages by id; none when it is gone (deleted meanwhile): its hits are skipped. */
    private Map<MessageId, ChatMessage> openBatch(BatchId batch) {
        Map<MessageId, ChatMessage> byId = new HashMap<>();
        batches.read(batch).ifPresent(messages -> messages.forEach(message -> byId.put(message.id(), message)));
        return byId;
    }
}
