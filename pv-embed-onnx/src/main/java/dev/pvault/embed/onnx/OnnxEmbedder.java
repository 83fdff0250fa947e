package dev.pvault.embed.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.pvault.core.VaultException;
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
 * depends on the other texts in its session run: on 1,000 chat messages, the vector from a length-grouped batch
 * against the same text alone had a median cosine of 0.990 and a minimum of 0.934 (fp32 matched exactly). This
 * engine still batches int8 models. Each message is embedded once and stored, so a vector's exact value is never
 * recomputed and compared; what matters is ranking quality, and STS-B dev Spearman measured in exactly this
 * batching (see docs/EMBEDDING.md) stayed within 0.001 of the same model run one text at a time, and above the
 * fp32 model's. Running int8 one text at a time would make vectors batch-independent at about half the
 * throughput. Queries are embedded alone, as a batch of one.
 */
public final class OnnxEmbedder implements Embedder {
    /*
     * Design of the hot loop (figures: 2-core AMD EPYC VM, shared with other builds; docs/EMBEDDING.md has the
     * runs and the commands that repeat them).
     *
     * - Tokenise every text once, on the calling thread, reading back only the token ids (TextTokenizer).
     * - Sort the texts by token count and cut them into groups whose padded size (texts x longest) stays within
     *   a token budget (LengthGroups): padding stays near zero and each session run is one large matrix product
     *   per layer instead of one small one per text. On the chat corpus (22 tokens a message on average), int8
     *   at one text per run reached about half the throughput of budgeted groups.
     * - One thread pool: ONNX Runtime's intra-op pool, sized to the cores, with the calling thread as one of its
     *   threads. No executor on top of it (LangChain4j stacks one, and runs one session per text).
     * - Inputs and the output live in direct buffers allocated once per call and sized for its largest group; the
     *   output is bound to the session run ("pinned"), so ONNX Runtime writes the token vectors straight into
     *   memory that pooling reads, with no copy of the output tensor into Java arrays.
     * - The model is loaded by ONNX Runtime from a file path (ModelCache), never read into a byte[] first.
     */
    private static final Logger LOG = LoggerFactory.getLogger(OnnxEmbedder.class);

    /** Texts per session run at most, whatever the budget: a run of 2-token texts stays a sensible size. */
    static final int MAX_BATCH = 256;

    private final ModelSpec spec;
    private final OrtEnvironment environment;
    private final OrtSession session;
    private final TextTokenizer tokenizer;
    private final int threads;
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
            int threads,
            int tokenBudget,
            double minFill) {
        this.spec = spec;
        this.environment = environment;
        this.session = session;
        this.tokenizer = tokenizer;
        this.threads = threads;
        this.tokenBudget = tokenBudget;
        this.minFill = minFill;
        try {
            Map<String, NodeInfo> inputs = session.getInputInfo();
            if (!inputs.containsKey("input_ids") || !inputs.containsKey("attention_mask")) {
                throw new VaultException("model " + spec.modelId() + " takes inputs " + inputs.keySet()
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
                throw new VaultException("model " + spec.modelId() + " output '" + name + "' has shape "
                        + Arrays.toString(shape) + "; expected per-token vectors [batch, tokens, dimension]");
            }
            this.outputName = name;
            this.dimension = Math.toIntExact(shape[2]);
        } catch (OrtException e) {
            throw new VaultException("cannot inspect model " + spec.modelId() + ": " + e.getMessage(), e);
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
                            : new VaultException("model " + spec.modelId() + " failed: " + e.getCause(), e);
                }
            } catch (InterruptedException e) {
                failed.set(true);
                pending.forEach(f -> f.cancel(true));
                Thread.currentThread().interrupt();
                throw new VaultException("interrupted while embedding with " + spec.modelId(), e);
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
            throw new VaultException(
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
                + ", maxTokens=" + spec.maxTokens() + ", tokenBudget=" + tokenBudget + "]";
    }
}
