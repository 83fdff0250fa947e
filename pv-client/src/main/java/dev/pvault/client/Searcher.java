package dev.pvault.client;

import dev.pvault.core.InternalException;
import dev.pvault.core.api.VaultApi;
import dev.pvault.core.crypto.DataKey;
import dev.pvault.core.crypto.ResultKeys;
import dev.pvault.core.crypto.UserKeys;
import dev.pvault.core.crypto.VectorEnvelope;
import dev.pvault.core.embed.Embedder;
import dev.pvault.core.embed.VectorMath;
import dev.pvault.core.model.BatchId;
import dev.pvault.core.model.ChatMessage;
import dev.pvault.core.model.MessageId;
import dev.pvault.core.worker.JobResults;
import dev.pvault.core.worker.ResultPage;
import dev.pvault.core.worker.StoredVector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Search on the user's device: embed the query, page through every finished job of the user's model (its
 * wrapped result key and sealed vectors), open each job's vectors with its result key (unwrapped once) and
 * rank them by cosine, then open only the batches that hold the best hits (and, with filters, as many more as
 * it takes to find {@code k} that pass).
 *
 * <p>Everything opened lives in this call's memory; result keys are zeroed when it returns.
 */
final class Searcher {
    /** Jobs per results page. */
    static final int PAGE = 50;

    private final UserKeys keys;
    private final VaultApi api;
    private final BatchReader batches;
    private final Map<BatchId, Map<MessageId, ChatMessage>> openedBatches = new HashMap<>();

    Searcher(UserKeys keys, VaultApi api, BatchReader batches) {
        this.keys = keys;
        this.api = api;
        this.batches = batches;
    }

    /** A scored vector and the batch that holds its message. */
    private record Scored(MessageId message, BatchId batch, double score) {}

    SearchResults search(SearchRequest request, Embedder embedder) {
        long start = System.nanoTime();
        float[] query = embedder.embedQuery(request.query());
        String model = embedder.modelId();
        List<Scored> scored = new ArrayList<>();
        try {
            ResultPage page = new ResultPage(List.of(), 0, true);
            while (page.more()) {
                page = api.results(model, page.next(), PAGE);
                scored.addAll(score(query, model, page.results()));
            }
        } finally {
            Arrays.fill(query, 0f);
        }
        scored.sort(Comparator.comparingDouble(Scored::score).reversed());
        List<SearchHit> hits = new ArrayList<>(request.k());
        for (Scored candidate : scored) {
            if (hits.size() == request.k()) {
                break;
            }
            ChatMessage message = openedBatches
                    .computeIfAbsent(candidate.batch(), this::openBatch)
                    .get(candidate.message());
            if (message != null && request.accepts(message)) {
                hits.add(new SearchHit(
                        hits.size() + 1,
                        candidate.score(),
                        message.chat(),
                        message.sender(),
                        message.time(),
                        message.text()));
            }
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        return new SearchResults(model, hits, scored.size(), openedBatches.size(), millis);
    }

    /**
     * The cosine of every vector of {@code jobs} with the query. Vectors are opened job by job (one result key
     * each), the jobs spread over the cores: opening is most of a search's own time (10,000 vectors took about a
     * second on one core of a cold JVM).
     */
    private List<Scored> score(float[] query, String model, List<JobResults> jobs) {
        return jobs.parallelStream()
                .filter(job -> !job.vectors().isEmpty())
                .flatMap(job -> {
                    List<Scored> ofJob = new ArrayList<>(job.vectors().size());
                    try (DataKey resultKey = unwrap(job)) {
                        for (StoredVector vector : job.vectors()) {
                            float[] components = VectorEnvelope.open(
                                    vector.sealed(), keys.userId(), vector.messageId(), model, resultKey);
                            ofJob.add(new Scored(
                                    vector.messageId(), job.batchId(), VectorMath.cosine(query, components)));
                            Arrays.fill(components, 0f);
                        }
                    }
                    return ofJob.stream();
                })
                .toList();
    }

    private DataKey unwrap(JobResults job) {
        if (job.resultKey().isEmpty()) {
            throw new InternalException(
                    "job " + job.jobId() + " has vectors but no result key; the store is inconsistent");
        }
        return ResultKeys.unwrap(job.resultKey().get().bytes(), keys.userId(), job.jobId(), keys.keyPair());
    }

    /** The batch's messages by id; none when it is gone (deleted meanwhile): its hits are skipped. */
    private Map<MessageId, ChatMessage> openBatch(BatchId batch) {
        Map<MessageId, ChatMessage> byId = new HashMap<>();
        batches.read(batch).ifPresent(messages -> messages.forEach(message -> byId.put(message.id(), message)));
        return byId;
    }
}
