package dev.pvault.core.worker;

class InMemoryEmbeddingStoreTest extends EmbeddingStoreContract {
    private final InMemoryEmbeddingStore store = new InMemoryEmbeddingStore();

    @Override
    protected EmbeddingStore store() {
        return store;
    }
}
