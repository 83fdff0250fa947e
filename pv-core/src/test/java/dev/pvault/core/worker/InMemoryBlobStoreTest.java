package dev.pvault.core.worker;

class InMemoryBlobStoreTest extends BlobStoreContract {
    private final InMemoryBlobStore store = new InMemoryBlobStore();

    @Override
    protected BlobStore store() {
        return store;
    }

    @Override
    protected long bytesRead() {
        return store.bytesRead();
    }
}
