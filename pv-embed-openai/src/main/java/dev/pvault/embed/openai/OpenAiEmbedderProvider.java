package dev.pvault.embed.openai;

import dev.pvault.core.embed.Embedder;
import dev.pvault.core.embed.EmbedderProvider;

/**
 * Lets local mode and {@code pvault worker} open OpenAI embedders by spec ({@code openai:text-embedding-3-small})
 * without depending on this module; the key comes from {@code OPENAI_API_KEY}. The Lambda function, whose key is
 * in Secrets Manager, calls {@link OpenAiEmbedders#open(String, java.util.Map, java.util.function.Supplier)}.
 */
public final class OpenAiEmbedderProvider implements EmbedderProvider {
    @Override
    public boolean supports(String spec) {
        return OpenAiEmbedders.accepts(spec);
    }

    @Override
    public Embedder create(String spec) {
        return OpenAiEmbedders.open(spec, System.getenv());
    }
}
