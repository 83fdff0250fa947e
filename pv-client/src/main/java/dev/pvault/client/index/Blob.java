package dev.pvault.client.index;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Bytes of a segment that only some searches need (message texts, full-precision vectors): in memory for a segment
 * not yet persisted, else opened from its sealed file one chunk at a time, on first use, and kept.
 *
 * <p>Why lazily: every query needs the binary codes and the filter columns, but only its candidates' vectors and its
 * hits' texts. Opening those up front would cost most of an index's bytes at open (at 100,000 messages, 77 MB of
 * vectors against 12 MB of codes and columns) at the 20-70 MB/s a fresh C1 JVM decrypts.
 */
sealed interface Blob {
    /** Copies {@code length} bytes from {@code offset} into {@code into} at {@code at}. */
    void read(long offset, byte[] into, int at, int length);

    /** A copy of the whole blob (for merging segments). */
    default byte[] all(long length) {
        byte[] out = new byte[Math.toIntExact(length)];
        read(0, out, 0, out.length);
        return out;
    }

    /** Releases the file, if any. */
    default void close() {}

    record InMemory(byte[] bytes) implements Blob {
        @Override
        public void read(long offset, byte[] into, int at, int length) {
            System.arraycopy(bytes, Math.toIntExact(offset), into, at, length);
        }

        @Override
        public String toString() {
            return "Blob.InMemory[" + bytes.length + " bytes]";
        }
    }

    final class Sealed implements Blob {
        private final SealedFile.Reader reader;
        private final int chunkSize;
        private final AtomicReferenceArray<byte[]> chunks;

        Sealed(SealedFile.Reader reader, int chunkSize) {
            this.reader = reader;
            this.chunkSize = chunkSize;
            this.chunks = new AtomicReferenceArray<>(reader.chunkCount());
        }

        @Override
        public void read(long offset, byte[] into, int at, int length) {
            long position = offset;
            int done = 0;
            while (done < length) {
                int index = (int) (position / chunkSize);
                int within = (int) (position % chunkSize);
                byte[] chunk = chunk(index);
                int n = Math.min(length - done, chunk.length - within);
                System.arraycopy(chunk, within, into, at + done, n);
                done += n;
                position += n;
            }
        }

        private byte[] chunk(int index) {
            byte[] chunk = chunks.get(index);
            if (chunk == null) {
                // Two threads may open the same chunk at once; both get the same bytes, one copy is kept.
                chunk = reader.chunk(index);
                chunks.compareAndSet(index, null, chunk);
            }
            return chunk;
        }

        @Override
        public void close() {
            reader.close();
        }

        @Override
        public String toString() {
            return "Blob.Sealed[" + reader.length() + " bytes]";
        }
    }
}
