package dev.pvault.core.embed;

import dev.pvault.core.UserException;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Makes embedders from the spec the CLI and the worker configuration name ({@code onnx:all-minilm-l6-v2},
 * {@code openai:text-embedding-3-small}). Each embedding module registers one in {@code
 * META-INF/services/dev.pvault.core.embed.EmbedderProvider}, so the Lambda function and {@code pvault worker}
 * pick an engine by configuration without depending on every engine.
 */
public interface EmbedderProvider {

    /** Whether this provider makes the embedder {@code spec} names. */
    boolean supports(String spec);

    /** Loads the embedder; the caller closes it. */
    Embedder create(String spec);

    /**
     * The id the vectors of {@code spec}'s model carry ({@link Embedder#modelId()}). Providers that can tell it
     * without loading the model override this; by default the model is loaded and closed.
     */
    default String modelId(String spec) {
        try (Embedder embedder = create(spec)) {
            return embedder.modelId();
        }
    }

    /**
     * Loads what every embedder of this provider needs whatever the model (native libraries, say), so that a
     * later {@link #create} is faster. Called on a background thread while a command line is parsed; safe to call
     * more than once and from any thread. Loads no model and fails silently: {@link #create} reports errors.
     */
    default void warmUp() {}

    /** Runs {@link #warmUp} of every provider on the class path, on a daemon thread; returns at once. */
    static void warmUpInBackground(ClassLoader classLoader) {
        Thread.ofPlatform().daemon(true).name("pvault-embedder-warm-up").start(() -> {
            for (EmbedderProvider provider : ServiceLoader.load(EmbedderProvider.class, classLoader)) {
                try {
                    provider.warmUp();
                } catch (RuntimeException | LinkageError e) {
                    // create() loads the same things again and reports what fails.
                }
            }
        });
    }

    /** Whether a provider on the class path makes {@code spec}; loads no model. */
    static boolean isAvailable(String spec, ClassLoader classLoader) {
        for (EmbedderProvider provider : ServiceLoader.load(EmbedderProvider.class, classLoader)) {
            if (provider.supports(spec)) {
                return true;
            }
        }
        return false;
    }

    /** The embedder {@code spec} names, from the first provider on the class path that supports it. */
    static Embedder open(String spec, ClassLoader classLoader) {
        return providerOf(spec, classLoader).create(spec);
    }

    /** The model id of {@code spec} ({@link #modelId(String)} of the provider that supports it). */
    static String modelIdOf(String spec, ClassLoader classLoader) {
        return providerOf(spec, classLoader).modelId(spec);
    }

    private static EmbedderProvider providerOf(String spec, ClassLoader classLoader) {
        List<String> seen = new ArrayList<>();
        for (EmbedderProvider provider : ServiceLoader.load(EmbedderProvider.class, classLoader)) {
            if (provider.supports(spec)) {
                return provider;
            }
            seen.add(provider.getClass().getName());
        }
        throw new UserException("no embedder for \"" + spec + "\" on the class path (providers found: "
                + (seen.isEmpty() ? "none" : String.join(", ", seen)) + ")");
    }
}
