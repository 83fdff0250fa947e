package dev.pvault.embed.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.pvault.core.UnavailableException;
import dev.pvault.core.UserException;
import dev.pvault.core.VaultException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens local ONNX embedders by the ids the CLI uses:
 *
 * <ul>
 *   <li>{@code onnx:all-minilm-l6-v2}: all-MiniLM-L6-v2, fp32, 384 dimensions (the default, for quality);
 *   <li>{@code onnx:all-minilm-l6-v2-q}: the same model quantised to int8 (about twice as fast);
 *   <li>{@code onnx:bge-small-en-v1.5-q}: BAAI bge-small-en-v1.5, int8, 384 dimensions;
 *   <li>{@code onnx:/path/to/folder}: a folder with {@code model.onnx}, {@code tokenizer.json} and
 *       {@code embedder.json}; see docs/EMBEDDING.md for the configuration file.
 * </ul>
 *
 * <p>Nothing is downloaded: bundled models come from jars on the class path and are extracted once, verified
 * against pinned SHA-256 digests, into a cache folder, from which ONNX Runtime maps them. The first open in a
 * process also points ONNX Runtime's and DJL's native libraries at that folder and opts out of DJL's telemetry
 * (system properties, unless already set).
 */
public final class OnnxEmbedders {
    private static final Logger LOG = LoggerFactory.getLogger(OnnxEmbedders.class);

    /** The prefix of every id this factory opens. */
    public static final String PREFIX = "onnx:";

    /** The default embedder: all-MiniLM-L6-v2 in fp32. */
    public static final String DEFAULT_ID = "onnx:all-minilm-l6-v2";

    /**
     * Texts x padded length per session run at most. With runs side by side on two cores, 1,024 to 8,192 measured
     * alike on the chat corpus (within the noise of a shared machine); 512 was slower.
     */
    public static final int DEFAULT_TOKEN_BUDGET = 2048;

    /**
     * Every text in a run fills at least this share of the run's padded length; 1.0 groups only texts of the same
     * token count, so no position is padding. {@code pvault bench embed --embedder onnx:all-minilm-l6-v2-q
     * --baseline langchain4j:all-minilm-l6-v2-q --messages 3000 --min-fill F}, one run each: F=0 computed 22%
     * padding and reached 1.51x LangChain4j, 0.8 11% and 1.85x, 0.9 4% and 1.88x, 1.0 none and 2.35x (403 runs
     * instead of 42). The extra, smaller runs cost less than the padding did.
     */
    public static final double DEFAULT_MIN_FILL = 1.0;

    private OnnxEmbedders() {}

    /**
     * How an embedder runs.
     *
     * @param cacheDir a folder only this user can write, where model files and native libraries are extracted
     * @param threads session runs side by side, the calling thread included (default: the cores)
     * @param intraOpThreads ONNX Runtime's threads inside one run (default 1: no ONNX Runtime pool); more suits a
     *     many-core machine that embeds one query at a time, with {@code threads} 1
     * @param tokenBudget texts x padded length per session run (default {@value #DEFAULT_TOKEN_BUDGET})
     * @param minFill the share of a run's padded length every text in it fills at least (default
     *     {@value #DEFAULT_MIN_FILL}); 0 groups by budget alone
     */
    public record Options(Path cacheDir, int threads, int intraOpThreads, int tokenBudget, double minFill) {
        public Options {
            Objects.requireNonNull(cacheDir, "cacheDir");
            if (threads < 1 || intraOpThreads < 1 || tokenBudget < 1 || !(minFill >= 0 && minFill <= 1)) {
                throw new IllegalArgumentException("threads=" + threads + ", intraOpThreads=" + intraOpThreads
                        + ", tokenBudget=" + tokenBudget + ", minFill=" + minFill);
            }
        }

        /** One run per core, single-threaded inside, the default budget and fill. */
        public static Options defaults(Path cacheDir) {
            return new Options(
                    cacheDir, Runtime.getRuntime().availableProcessors(), 1, DEFAULT_TOKEN_BUDGET, DEFAULT_MIN_FILL);
        }

        public Options withThreads(int threads) {
            return new Options(cacheDir, threads, intraOpThreads, tokenBudget, minFill);
        }

        public Options withIntraOpThreads(int intraOpThreads) {
            return new Options(cacheDir, threads, intraOpThreads, tokenBudget, minFill);
        }

        public Options withTokenBudget(int tokenBudget) {
            return new Options(cacheDir, threads, intraOpThreads, tokenBudget, minFill);
        }

        public Options withMinFill(double minFill) {
            return new Options(cacheDir, threads, intraOpThreads, tokenBudget, minFill);
        }
    }

    /** The ids of the models that ship with personal-vault. */
    public static List<String> bundledIds() {
        return Arrays.stream(BundledModel.values()).map(BundledModel::modelId).toList();
    }

    /** Whether {@code id} names an embedder this factory opens (it starts with {@code onnx:}). */
    public static boolean accepts(String id) {
        return id != null && id.startsWith(PREFIX);
    }

    /**
     * The cache folder to use when none is configured: {@code $PV_CACHE_DIR}, else {@code $XDG_CACHE_HOME/pvault},
     * else {@code ~/.cache/pvault}.
     */
    public static Path defaultCacheDir(Map<String, String> environment, String userHome) {
        String explicit = environment.get("PV_CACHE_DIR");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String xdg = environment.get("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "pvault");
        }
        return Path.of(userHome, ".cache", "pvault");
    }

    /**
     * Opens the embedder named {@code id}. The model is loaded and ready when this returns; the caller closes it.
     *
     * @throws VaultException if the id names no model, or its files are missing, altered or unreadable
     */
    public static OnnxEmbedder open(String id, Options options) {
        long start = System.nanoTime();
        ModelSpec spec = resolve(id, options.cacheDir());
        LOG.debug("model files of {} at {} in {} ms", id, spec.modelFile(), (System.nanoTime() - start) / 1_000_000);
        return open(spec, options);
    }

    /**
     * The id the vectors of {@code id}'s model carry, without loading it: a bundled model's own id, or for a
     * model folder its name and a digest of its files (which are read, not extracted).
     */
    public static String modelId(String id, Path cacheDir) {
        if (accepts(id)) {
            BundledModel bundled = BundledModel.byName(id.substring(PREFIX.length()));
            if (bundled != null) {
                return bundled.modelId();
            }
        }
        return resolve(id, cacheDir).modelId();
    }

    static ModelSpec resolve(String id, Path cacheDir) {
        if (!accepts(id)) {
            throw new UserException("'" + id + "' is not an ONNX embedder id (expected onnx:NAME or onnx:/path)");
        }
        String rest = id.substring(PREFIX.length());
        BundledModel bundled = BundledModel.byName(rest);
        ModelCache cache = new ModelCache(cacheDir);
        if (bundled != null) {
            ModelCache.BundledFiles files = cache.locate(bundled);
            return new ModelSpec(
                    bundled.modelId(),
                    files.model(),
                    files.tokenizer(),
                    bundled.pooling(),
                    true,
                    bundled.maxTokens(),
                    bundled.queryPrefix(),
                    "");
        }
        if (!looksLikePath(rest)) {
            throw new UserException("unknown embedder '" + id + "': known are " + String.join(", ", bundledIds())
                    + ", or onnx:/path/to/model-folder");
        }
        return LocalModel.open(Path.of(rest), cache);
    }

    private static boolean looksLikePath(String rest) {
        return rest.contains("/") || rest.contains("\\") || rest.startsWith(".") || rest.startsWith("~");
    }

    /**
     * Loads the native libraries every model needs: ONNX Runtime's (its environment) and the tokenizer's. A
     * command calls this while it parses its arguments; on two cores that takes them off the first vector's path.
     */
    public static void warmUp(Path cacheDir) {
        NativeLibraries.prepare(cacheDir);
        OrtEnvironment.getEnvironment();
        TextTokenizer.loadLibrary();
    }

    static OnnxEmbedder open(ModelSpec spec, Options options) {
        long start = System.nanoTime();
        NativeLibraries.prepare(options.cacheDir());
        // The tokenizer loads on a second thread while ONNX Runtime builds the session: DJL's first load spends
        // 150-300 ms, most of it probing for CUDA through JNA (one-off probes in docs/EMBEDDING.md); on two cores
        // the overlap takes that off the cold start.
        FutureTask<TextTokenizer> tokenizerLoad =
                new FutureTask<>(() -> TextTokenizer.load(spec.tokenizerFile(), spec.maxTokens()));
        Thread loader = new Thread(tokenizerLoad, "pv-embed-tokenizer-load");
        loader.setDaemon(true);
        loader.start();
        OrtSession session = null;
        try {
            long prepared = System.nanoTime();
            OrtEnvironment environment = OrtEnvironment.getEnvironment();
            long ortLoaded = System.nanoTime();
            session = environment.createSession(spec.modelFile().toString(), sessionOptions(options.intraOpThreads()));
            long sessionCreated = System.nanoTime();
            TextTokenizer tokenizer = awaitTokenizer(tokenizerLoad, spec);
            OnnxEmbedder embedder = new OnnxEmbedder(spec, environment, session, tokenizer, options);
            LOG.debug(
                    "opened {} in {} ms: files and native paths {} ms, ONNX Runtime {} ms, session {} ms, then {} ms"
                            + " waiting for the tokenizer",
                    embedder,
                    (System.nanoTime() - start) / 1_000_000,
                    (prepared - start) / 1_000_000,
                    (ortLoaded - prepared) / 1_000_000,
                    (sessionCreated - ortLoaded) / 1_000_000,
                    (System.nanoTime() - sessionCreated) / 1_000_000);
            return embedder;
        } catch (OrtException e) {
            closeQuietly(tokenizerLoad);
            throw new UserException(
                    "cannot load model " + spec.modelId() + " from " + spec.modelFile() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(tokenizerLoad);
            if (session != null) {
                try {
                    session.close();
                } catch (OrtException ignored) {
                    // The original failure is the one to report.
                }
            }
            throw e;
        }
    }

    /**
     * By default one thread per session run: ONNX Runtime creates no pool of its own, and the embedder runs groups
     * side by side on its threads instead (OnnxEmbedder's design comment has the measurements).
     */
    private static OrtSession.SessionOptions sessionOptions(int intraOpThreads) throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
        options.setIntraOpNumThreads(intraOpThreads);
        options.setInterOpNumThreads(1);
        return options;
    }

    private static TextTokenizer awaitTokenizer(FutureTask<TextTokenizer> load, ModelSpec spec) {
        try {
            return load.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException("interrupted while loading the tokenizer of " + spec.modelId(), e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new UserException(
                    "cannot load the tokenizer of " + spec.modelId() + ": "
                            + e.getCause().getClass().getName(),
                    e);
        }
    }

    private static void closeQuietly(FutureTask<TextTokenizer> load) {
        try {
            load.get().close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | RuntimeException ignored) {
            // Nothing was loaded, or the failure that matters is already being thrown.
        }
    }
}
