package dev.pvault.embed.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.pvault.core.InternalException;
import dev.pvault.core.UnavailableException;
import dev.pvault.core.UserException;
import dev.pvault.core.embed.Embedder;
import dev.pvault.core.embed.EmbeddingPurpose;
import dev.pvault.core.embed.Embeddings;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sentence-embedding model run in process by ONNX Runtime: nothing leaves the JVM. Obtain one from
 * {@link OnnxEmbedders#open}. Thread-safe; {@link #close()} releases the model.
 *
 * <p>The vectors are those of sentence-transformers for the same model: its tokenizer, truncation at the model's
 * maximum sequence length, mean pooling weighted by the attention mask (or [CLS] pooling for BGE), L2
 * normalisation. Every text gets a vector: empty or whitespace-only text gets the vector of the empty string
 * (the model's special tokens alone), as sentence-transformers gives it; unpaired surrogates become U+FFFD and
 * control characters are dropped by the tokenizer's normaliser; a text the tokenizer still rejects is embedded
 * as empty text and logged by index only. One bad text never fails its batch.
 *
 * <h2>Int8 models depend on their batch-mates</h2>
 *
 * The quantised models quantise activations dynamically with one scale per tensor, so a text's int8 vector
 * depends on the other texts in its session run. On the first 1,000 messages of the chat corpus, embedded in calls
 * of 500 against each message alone, the cosine had a median of 0.991, a 1st percentile of 0.969 and a minimum
 * of 0.949 (fp32: 1.00000 for all; BatchDependenceIT). This engine still batches int8 models:
 *
 * <ul>
 *   <li>each message is embedded once and stored, so a vector is never recomputed and compared with itself;
 *       queries are embedded alone, as a call of one text, and are reproducible;
 *   <li>ranking quality holds: STS-B dev Spearman in exactly this batching (calls of 500) was 0.86685, against
 *       0.86808 for LangChain4j running the same file one text at a time and 0.86716 for fp32;
 *   <li>one text per run would make int8 vectors batch-independent but measured 1.79x LangChain4j's speed
 *       instead of 2.35-2.47x, below the 2x this engine is held to.
 * </ul>
 *
 * Choose the fp32 model (the default) where a text's vector must not depend on its neighbours.
 */
public final class OnnxEmbedder implements Embedder {
    /*
     * Design of the hot loop. Figures: `pvault bench embed --baseline langchain4j:...` on the 2-core AMD EPYC VM,
     * which other builds shared (load 2-4), so only ratios to LangChain4j measured in the same run are compared;
     * docs/EMBEDDING.md has every run and its command.
     *
     * - Tokenise every text once, on the calling thread, reading back only the token ids (TextTokenizer).
     * - Group texts of the same token count into runs of up to 2,048 positions (LengthGroups, min fill 1.0): no
     *   position is padding, and a run is one matrix product per layer over many texts. Sorting plus a budget alone
     *   left 22% padding and 1.51x; exact lengths 0% and 2.35x (int8, 3,000 messages, calls of 500).
     * - Runs go side by side, one per thread, each single-threaded inside ONNX Runtime (intra-op 1, so ONNX Runtime
     *   creates no pool); the threads are the caller plus a pool of cores - 1, the only pool. ONNX Runtime's own
     *   intra-op pool of 2 on one run at a time measured 1.36-1.87x (int8) and 1.83-1.87x (fp32) against
     *   LangChain4j; runs side by side 2.09-2.49x and 2.44x in the same runs: two threads meet at a barrier after
     *   every operator of a run, and a thread descheduled by another process stalls the other.
     * - Each thread has direct buffers sized for the call's largest run; the output is bound to the run ("pinned"),
     *   so ONNX Runtime writes the token vectors into memory that pooling reads in place: no copy of the output
     *   tensor into Java arrays.
     * - The model is loaded by ONNX Runtime from a file path (ModelCache), never read into a byte[] first.
     *
     * Result on the 10,000-message corpus, calls of 500: int8 2.47x LangChain4j's quantised model, fp32 2.43x its
     * fp32 model; peak resident memory 236 MiB (int8) and 303 MiB (fp32).
     */
    private static final Logger LOG = LoggerFactory.getLogger(OnnxEmbedder.class);

    /** Texts per session run at most, whatever the budget: a run of 2-token texts stays a sensible size. */
    static final int MAX_BATCH = 256;

    private final ModelSpec spec;
    private final OrtEnvironment environment;
    private final OrtSession session;
    private final TextTokenizer tokenizer;
    private final int threads;
    private final int intraOpThreads;
    private final int tokenBudget;
    private final double minFill;
    private final int dimension;
    private final String outputName;
    private final boolean takesTokenTypes;
    private final long[] emptyTextIds;
    /** The threads that run groups beside the calling thread; null with one thread. */
    private final ExecutorService pool;

    private final AtomicBoolean closed = new AtomicBoolean();

    private final LongAdder textCount = new LongAdder();
    private final LongAdder tokenCount = new LongAdder();
    private final LongAdder paddedTokenCount = new LongAdder();
    private final LongAdder runCount = new LongAdder();

    OnnxEmbedder(
            ModelSpec spec,
            OrtEnvironment environment,
            OrtSession session,
            TextTokenizer tokenizer,
            OnnxEmbedders.Options options) {
        this.spec = spec;
        this.environment = environment;
        this.session = session;
        this.tokenizer = tokenizer;
        this.threads = options.threads();
        this.intraOpThreads = options.intraOpThreads();
        this.tokenBudget = options.tokenBudget();
        this.minFill = options.minFill();
        try {
            Map<String, NodeInfo> inputs = session.getInputInfo();
            if (!inputs.containsKey("input_ids") || !inputs.containsKey("attention_mask")) {
                throw new UserException("model " + spec.modelId() + " takes inputs " + inputs.keySet()
                        + "; expected input_ids, attention_mask and optionally token_type_ids");
            }
            this.takesTokenTypes = inputs.containsKey("token_type_ids");
            Map<String, NodeInfo> outputs = session.getOutputInfo();
            String name = outputs.containsKey("last_hidden_state") ? "last_hidden_state" : null;
            if (name == null) {
                name = outputs.containsKey("token_embeddings")
                        ? "token_embeddings"
                        : outputs.keySet().iterator().next();
            }
            long[] shape = outputs.get(name).getInfo() instanceof TensorInfo info ? info.getShape() : new long[0];
            if (shape.length != 3 || shape[2] < 1) {
                throw new UserException("model " + spec.modelId() + " output '" + name + "' has shape "
                        + Arrays.toString(shape) + "; expected per-token vectors [batch, tokens, dimension]");
            }
            this.outputName = name;
            this.dimension = Math.toIntExact(shape[2]);
        } catch (OrtException e) {
            throw new UserException("cannot inspect model " + spec.modelId() + ": " + e.getMessage(), e);
        }
        this.emptyTextIds = tokenizer.encode("");
        this.pool = threads > 1 ? Executors.newFixedThreadPool(threads - 1, daemonThreads(spec.modelId())) : null;
    }

    private static ThreadFactory daemonThreads(String modelId) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "pv-embed-" + modelId + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public String modelId() {
        return spec.modelId();
    }

    @Override
    public int dimension() {
        return dimension;
    }

    /** The threads that run session runs side by side, the calling thread included. */
    public int threads() {
        return threads;
    }

    /** ONNX Runtime's threads inside one session run (1: it has no pool of its own). */
    public int intraOpThreads() {
        return intraOpThreads;
    }

    /** Where texts are truncated, in tokens including the special ones. */
    public int maxTokens() {
        return spec.maxTokens();
    }

    /** The most token positions (texts x padded length) one session run computes, unless one text is longer. */
    public int tokenBudget() {
        return tokenBudget;
    }

    /** Counts since this embedder was opened; for benchmarks and metrics. */
    public Stats stats() {
        return new Stats(textCount.sum(), tokenCount.sum(), paddedTokenCount.sum(), runCount.sum());
    }

    /**
     * Work done since an embedder was opened.
     *
     * @param texts texts embedded
     * @param tokens their tokens after truncation, special tokens included
     * @param paddedTokens token positions computed, padding included
     * @param runs session runs
     */
    public record Stats(long texts, long tokens, long paddedTokens, long runs) {}

    @Override
    public Embeddings embed(List<String> texts, EmbeddingPurpose purpose) {
        if (closed.get()) {
            throw new IllegalStateException("embedder " + spec.modelId() + " is closed");
        }
        int n = texts.size();
        if (n == 0) {
            return new Embeddings(spec.modelId(), dimension, List.of());
        }
        String prefix = purpose == EmbeddingPurpose.QUERY ? spec.queryPrefix() : spec.passagePrefix();
        long[][] ids = new long[n][];
        int[] lengths = new int[n];
        long tokens = 0;
        for (int i = 0; i < n; i++) {
            String text = texts.get(i);
            if (text == null) {
                throw new NullPointerException("text " + i + " of " + n + " is null");
            }
            ids[i] = tokenize(prefix.isEmpty() ? text : prefix + text, i, n);
            lengths[i] = ids[i].length;
            tokens += lengths[i];
        }

        List<LengthGroups.Group> groups = LengthGroups.plan(lengths, tokenBudget, MAX_BATCH, minFill);
        long largest = 0;
        long padded = 0;
        for (LengthGroups.Group group : groups) {
            largest = Math.max(largest, group.paddedTokens());
            padded += group.paddedTokens();
        }
        float[][] vectors = new float[n][];
        runAll(groups, ids, Math.toIntExact(largest), vectors);

        textCount.add(n);
        tokenCount.add(tokens);
        paddedTokenCount.add(padded);
        runCount.add(groups.size());
        return new Embeddings(spec.modelId(), dimension, Arrays.asList(vectors));
    }

    private long[] tokenize(String text, int index, int count) {
        try {
            return tokenizer.encode(text);
        } catch (RuntimeException e) {
            // The index and length only: the text, and a native message that might quote it, stay out of logs.
            LOG.warn(
                    "model {}: text {} of {} ({} chars) could not be tokenised ({}); embedded as empty text",
                    spec.modelId(),
                    index,
                    count,
                    text.length(),
                    e.getClass().getSimpleName());
            return emptyTextIds;
        }
    }

    /**
     * Runs every group, longest first, on the calling thread and up to {@code threads - 1} pool threads; each
     * takes the next group when it finishes one, and has its own buffers.
     */
    private void runAll(List<LengthGroups.Group> groups, long[][] ids, int largest, float[][] vectors) {
        int helpers = Math.min(threads, groups.size()) - 1;
        AtomicInteger next = new AtomicInteger();
        AtomicBoolean failed = new AtomicBoolean();
        Runnable work = () -> {
            RunBuffers buffers = new RunBuffers(largest, dimension);
            for (int g; !failed.get() && (g = next.getAndIncrement()) < groups.size(); ) {
                try {
                    run(groups.get(g), ids, buffers, vectors);
                } catch (RuntimeException e) {
                    failed.set(true);
                    throw e;
                }
            }
        };
        if (helpers == 0) {
            work.run();
            return;
        }
        List<Future<?>> pending = new ArrayList<>(helpers);
        for (int i = 0; i < helpers; i++) {
            pending.add(pool.submit(work));
        }
        RuntimeException failure = null;
        try {
            work.run();
        } catch (RuntimeException e) {
            failure = e;
        }
        for (Future<?> future : pending) {
            try {
                future.get();
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof RuntimeException runtime
                            ? runtime
                            : new InternalException(
                                    "model " + spec.modelId() + " failed: "
                                            + e.getCause().getClass().getName(),
                                    e);
                }
            } catch (InterruptedException e) {
                failed.set(true);
                pending.forEach(f -> f.cancel(true));
                Thread.currentThread().interrupt();
                throw new UnavailableException("interrupted while embedding with " + spec.modelId(), e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** One session run over a group, pooled into {@code vectors} at the group's indices. */
    private void run(LengthGroups.Group group, long[][] ids, RunBuffers buffers, float[][] vectors) {
        int rows = group.size();
        int length = group.paddedLength();
        int positions = rows * length;
        LongBuffer inputIds = buffers.inputIds.slice(0, positions);
        LongBuffer mask = buffers.attentionMask.slice(0, positions);
        for (int row = 0; row < rows; row++) {
            long[] tokens = ids[group.members()[row]];
            int offset = row * length;
            inputIds.put(offset, tokens);
            for (int t = 0; t < length; t++) {
                mask.put(offset + t, t < tokens.length ? 1L : 0L);
            }
            for (int t = tokens.length; t < length; t++) {
                inputIds.put(offset + t, 0L);
            }
        }
        long[] inputShape = {rows, length};
        FloatBuffer hidden = buffers.hidden.slice(0, positions * dimension);
        Map<String, OnnxTensor> inputs = new HashMap<>(4);
        OnnxTensor output = null;
        try {
            inputs.put("input_ids", OnnxTensor.createTensor(environment, inputIds, inputShape));
            inputs.put("attention_mask", OnnxTensor.createTensor(environment, mask, inputShape));
            if (takesTokenTypes) {
                // Single-sentence inputs: every token type is 0, and this buffer is never written.
                inputs.put(
                        "token_type_ids",
                        OnnxTensor.createTensor(environment, buffers.tokenTypes.slice(0, positions), inputShape));
            }
            output = OnnxTensor.createTensor(environment, hidden, new long[] {rows, length, dimension});
            try (OrtSession.Result ignored = session.run(inputs, Map.of(outputName, output))) {
                for (int row = 0; row < rows; row++) {
                    int member = group.members()[row];
                    float[] vector = new float[dimension];
                    spec.pooling().pool(hidden, row, length, ids[member].length, dimension, vector);
                    if (spec.normalize()) {
                        Pooling.normalize(vector);
                    }
                    vectors[member] = vector;
                }
            }
        } catch (OrtException e) {
            throw new InternalException(
                    "model " + spec.modelId() + " failed on a run of " + rows + " texts x " + length + " tokens: "
                            + e.getMessage(),
                    e);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
            if (output != null) {
                output.close();
            }
        }
    }

    /** Direct buffers for one call, sized for its largest group and reused by every run of the call. */
    private static final class RunBuffers {
        final LongBuffer inputIds;
        final LongBuffer attentionMask;
        final LongBuffer tokenTypes;
        final FloatBuffer hidden;

        RunBuffers(int positions, int dimension) {
            inputIds = longs(positions);
            attentionMask = longs(positions);
            tokenTypes = longs(positions);
            hidden = ByteBuffer.allocateDirect(Math.multiplyExact(positions, dimension) * Float.BYTES)
                    .order(ByteOrder.nativeOrder())
                    .asFloatBuffer();
        }

        private static LongBuffer longs(int count) {
            return ByteBuffer.allocateDirect(count * Long.BYTES)
                    .order(ByteOrder.nativeOrder())
                    .asLongBuffer();
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (pool != null) {
            pool.shutdownNow();
        }
        try {
            session.close();
        } catch (OrtException e) {
            LOG.debug("model {}: closing the session failed: {}", spec.modelId(), e.getMessage());
        } finally {
            tokenizer.close();
        }
    }

    @Override
    public String toString() {
        return "OnnxEmbedder[model=" + spec.modelId() + ", dimension=" + dimension + ", threads=" + threads
                + ", intraOpThreads=" + intraOpThreads + ", maxTokens=" + spec.maxTokens() + ", tokenBudget="
                + tokenBudget + "]";
    }
}
