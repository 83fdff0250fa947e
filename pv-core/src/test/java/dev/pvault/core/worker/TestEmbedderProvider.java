package dev.pvault.core.worker;

import dev.pvault.core.embed.Embedder;
import dev.pvault.core.embed.EmbedderProvider;

/**
 * Makes {@link TestEmbedder}s for specs {@code test:hash-N} (N dimensions) and {@code test:hash-N-slow-MS}
 * (each call takes MS milliseconds); registered for tests only.
 */
public final class TestEmbedderProvider implements EmbedderProvider {
    @Override
    public boolean supports(String spec) {
        return spec.startsWith(TestEmbedder.PREFIX);
    }

    @Override
    public Embedder create(String spec) {
        String[] parts = spec.substring(TestEmbedder.PREFIX.length()).split("-slow-");
        int dimension = Integer.parseInt(parts[0]);
        return parts.length == 1 ? new TestEmbedder(dimension) : TestEmbedder.slow(dimension, Long.parseLong(parts[1]));
    }
}
