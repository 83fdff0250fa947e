package dev.pvault.aws;

import dev.pvault.core.InternalException;
import dev.pvault.core.UnavailableException;
import dev.pvault.core.embed.Embedder;
import dev.pvault.core.embed.EmbedderProvider;
import dev.pvault.core.embed.EmbeddingPurpose;
import dev.pvault.core.embed.Embeddings;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.crac.Context;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Lambda function's embedder: its model loads on a thread of its own while the rest of the init (SDK
 * clients, credentials) is built on the init thread, and it is primed with one inference on a fixed text
 * once loaded. Every call waits for the load, and {@link #await} rethrows its failure, so an init that
 * awaits it fails as the model's load failed.
 *
 * <p>As a CRaC {@link Resource} (registered by {@link LambdaInit}), it makes SnapStart's snapshot hold the
 * loaded and primed model: {@code beforeCheckpoint} waits for the load and the priming inference. The model
 * and its inference draw no randomness and touch no key, secret or connection, so the snapshot holds
 * nothing that must be unique, and {@code afterRestore} has nothing to re-create. The priming text is a
 * constant, not a user's message.
 */
final class PrimedEmbedder implements Embedder, Resource {
    private static final Logger LOG = LoggerFactory.getLogger(PrimedEmbedder.class);
    /** What the priming inference embeds: a constant of chat-message length. */
    static final String PRIMING_TEXT = "priming the model before the first job: see you at the station at six";

    private final String spec;
    private final FutureTask<Embedder> load;

    private PrimedEmbedder(String spec, FutureTask<Embedder> load) {
        this.spec = spec;
        this.load = load;
    }

    /** Starts loading the embedder {@code spec} names (see {@link EmbedderProvider}) and priming it. */
    static PrimedEmbedder start(String spec, ClassLoader classLoader) {
        Objects.requireNonNull(spec, "spec");
        FutureTask<Embedder> load = new FutureTask<>(() -> {
            long start = System.nanoTime();
            Embedder embedder = EmbedderProvider.open(spec, classLoader);
            long loaded = System.nanoTime();
            try {
                embedder.embed(List.of(PRIMING_TEXT), EmbeddingPurpose.PASSAGE);
            } catch (RuntimeException e) {
                embedder.close();
                throw e;
            }
            LOG.info(
                    "model {} loaded in {} ms, primed with one inference in {} ms",
                    embedder.modelId(),
                    (loaded - start) / 1_000_000,
                    (System.nanoTime() - loaded) / 1_000_000);
            return embedder;
        });
        Thread thread = new Thread(load, "pv-model-load");
        thread.setDaemon(true);
        thread.start();
        return new PrimedEmbedder(spec, load);
    }

    /** The loaded, primed embedder; rethrows what its load threw. */
    Embedder await() {
        try {
            return load.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException("interrupted while loading the model " + spec, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new InternalException(
                    "loading the model " + spec + " failed ("
                            + e.getCause().getClass().getName() + ")",
                    e);
        }
    }

    @Override
    public String modelId() {
        return await().modelId();
    }

    @Override
    public int dimension() {
        return await().dimension();
    }

    @Override
    public Embeddings embed(List<String> texts, EmbeddingPurpose purpose) {
        return await().embed(texts, purpose);
    }

    @Override
    public float[] embedQuery(String query) {
        return await().embedQuery(query);
    }

    /** SnapStart, before the snapshot: the model is loaded and has run one inference. */
    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        long start = System.nanoTime();
        Embedder embedder = await();
        LOG.info(
                "before the snapshot: model {} loaded and primed ({} ms waited)",
                embedder.modelId(),
                (System.nanoTime() - start) / 1_000_000);
    }

    /** SnapStart, after a restore: nothing unique was made before the snapshot, so nothing is re-created. */
    @Override
    public void afterRestore(Context<? extends Resource> context) {
        LOG.info("restored from the snapshot with model {}", await().modelId());
    }

    @Override
    public void close() {
        if (load.isDone()) {
            try {
                await().close();
            } catch (RuntimeException e) {
                // The load failed: nothing to close.
            }
        } else {
            load.cancel(true);
        }
    }

    @Override
    public String toString() {
        return "PrimedEmbedder[" + spec + (load.isDone() ? ", loaded" : ", loading") + "]";
    }
}
