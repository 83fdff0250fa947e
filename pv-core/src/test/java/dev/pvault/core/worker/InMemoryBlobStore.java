package dev.pvault.core.worker;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** A {@link BlobStore} in a map, for tests; it passes {@link BlobStoreContract}. Counts its reads. */
public final class InMemoryBlobStore implements BlobStore {
    private final ConcurrentSkipListMap<String, byte[]> objects = new ConcurrentSkipListMap<>();
    private final AtomicInteger gets = new AtomicInteger();
    private final AtomicLong bytesRead = new AtomicLong();

    @Override
    public void put(String key, byte[] bytes) {
        objects.put(key, bytes.clone());
    }

    @Override
    public Optional<byte[]> get(String key, long maxBytes) {
        gets.incrementAndGet();
        byte[] bytes = objects.get(key);
        if (bytes != null && bytes.length > maxBytes) {
            throw new OversizeBlobException(key, bytes.length, maxBytes);
        }
        if (bytes == null) {
            return Optional.empty();
        }
        bytesRead.addAndGet(bytes.length);
        return Optional.of(bytes.clone());
    }

    @Override
    public boolean exists(String key) {
        return objects.containsKey(key);
    }

    @Override
    public void delete(String key) {
        objects.remove(key);
    }

    @Override
    public List<String> list(String prefix) {
        return objects.tailMap(prefix).keySet().stream()
                .takeWhile(key -> key.startsWith(prefix))
                .toList();
    }

    public int gets() {
        return gets.get();
    }

    /** The bytes of the objects {@link #get} has returned. */
    public long bytesRead() {
        return bytesRead.get();
    }
}
