package dev.pvault.core.worker;

import dev.pvault.core.embed.Embedder;
import dev.pvault.core.embed.EmbeddingPurpose;
import dev.pvault.core.embed.Embeddings;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A deterministic stand-in for a real model: the same text always gives the same unit vector (seeded from
 * its SHA-256), different texts give unrelated ones. Counts its calls and texts, so tests can prove what
 * was (not) embedded.
 */
public final class TestEmbedder implements Embedder {
    public static final String PREFIX = "test:hash-";

    private final int dimension;
    private final String modelId;
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger texts = new AtomicInteger();
    private volatile Runnable onCall = () -> {};

    public TestEmbedder(int dimension) {
        this.dimension = dimension;
        this.modelId = PREFIX + dimension;
    }

    /** A slow one ({@code test:hash-N-slow-MS}): each call takes at least {@code millis}, like a real model. */
    public static TestEmbedder slow(int dimension, long millis) {
        TestEmbedder embedder = new TestEmbedder(dimension, PREFIX + dimension + "-slow-" + millis);
        return embedder.onCall(() -> {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private TestEmbedder(int dimension, String modelId) {
        this.dimension = dimension;
        this.modelId = modelId;
    }

    public TestEmbedder() {
        this(64);
    }

    @Override
    public String modelId() {
        return modelId;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public Embeddings embed(List<String> input, EmbeddingPurpose purpose) {
        onCall.run();
        calls.incrementAndGet();
        texts.addAndGet(input.size());
        List<float[]> vectors = new ArrayList<>(input.size());
        for (String text : input) {
            vectors.add(vectorOf(text));
        }
        return new Embeddings(modelId(), dimension, vectors);
    }

    /** The vector {@link #embed} gives {@code text}. */
    public float[] vectorOf(String text) {
        SplittableRandom random = new SplittableRandom(seed(text));
        float[] vector = new float[dimension];
        double norm = 0;
        for (int i = 0; i < dimension; i++) {
            vector[i] = (float) (random.nextDouble() * 2 - 1);
            norm += vector[i] * vector[i];
        }
        float scale = (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < dimension; i++) {
            vector[i] *= scale;
        }
        return vector;
    }

    /** Runs {@code hook} at the start of every {@link #embed} call (to move a test clock, or fail). */
    public TestEmbedder onCall(Runnable hook) {
        this.onCall = hook;
        return this;
    }

    /** How many times {@link #embed} was called. */
    public int calls() {
        return calls.get();
    }

    /** How many texts were embedded in all. */
    public int texts() {
        return texts.get();
    }

    private static long seed(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            long seed = 0;
            for (int i = 0; i < 8; i++) {
                seed = (seed << 8) | (digest[i] & 0xff);
            }
            return seed;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
