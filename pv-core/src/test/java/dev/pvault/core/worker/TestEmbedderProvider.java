package dev.pvault.core.worker;

import dev.pvault.core.embed.Embedder;
import dev.pvault.core.embed.EmbedderProvider;

/** Makes {@link TestEmbedder}s for specs {@code test:hash-N} (N dimensions); registered for tests only. */
public final class TestEmbedderProvider implements EmbedderProvider {
    @Override
    public boolean supports(String spec) {
        return spec.startsWith(TestEmbedder.PREFIX);
    }

    @Override
    public Embedder create(String spec) {
        return new TestEmbedder(Integer.parseInt(spec.substring(TestEmbedder.PREFIX.length())));
    }
}
