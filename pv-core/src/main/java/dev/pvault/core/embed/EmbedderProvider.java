package dev.pvault.core.embed;

import dev.pvault.core.VaultException;
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
        List<String> seen = new ArrayList<>();
        for (EmbedderProvider provider : ServiceLoader.load(EmbedderProvider.class, classLoader)) {
            if (provider.supports(spec)) {
                return provider.create(spec);
            }
            seen.add(provider.getClass().getName());
        }
        throw new VaultException("no embedder for \"" + spec + "\" on the class path (providers found: "
                + (seen.isEmpty() ? "none" : String.join(", ", seen)) + ")");
    }
}
