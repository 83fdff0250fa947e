package dev.pvault.client.index;

import dev.pvault.core.model.ChatMessage;
import dev.pvault.core.model.MessageId;
import dev.pvault.core.model.MessageKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.BitSet;

/**
 * Rows added together: in memory until persisted, then three sealed files, {@code NAME.c} (columns and codes, opened
 * whole at load), {@code NAME.t} (texts) and {@code NAME.v} (half-precision vectors), the last two opened chunk by
 * chunk. Files are written once under a fresh random name and never changed; a row removed later is only marked dead.
 */
final class Segment {
    static final int COLUMN_CHUNK = 1 << 20;
    static final int TEXT_CHUNK = 4096;
    /** Vectors per sealed chunk: a candidate costs one small chunk to open, not a large one (measured: see docs). */
    static final int VECTORS_PER_CHUNK = 8;

    private String name;
    final SegmentRows rows;
    private final Blob texts;
    private final Blob vectors;
    final BitSet dead;

    private Segment(String name, SegmentRows rows, Blob texts, Blob vectors, BitSet dead) {
        this.name = name;
        this.rows = rows;
        this.texts = texts;
        this.vectors = vectors;
        this.dead = dead;
    }

    static Segment inMemory(SegmentRows rows) {
        return new Segment(
                null,
                rows,
                new Blob.InMemory(rows.textBytes()),
                new Blob.InMemory(rows.vectorBytes()),
                new BitSet(rows.count));
    }

    /** The name it was persisted under, or null while only in memory. */
    String name() {
        return name;
    }

    int count() {
        return rows.count;
    }

    int live() {
        return rows.count - dead.cardinality();
    }

    long firstSeq() {
        return rows.seqs[0];
    }

    int rowOfSeq(long seq) {
        return Arrays.binarySearch(rows.seqs, 0, rows.count, seq);
    }

    ChatMessage message(int row) {
        byte[] id = Arrays.copyOfRange(rows.ids, row * 16, row * 16 + 16);
        return new ChatMessage(
                MessageId.of(id),
                rows.chats[row],
                rows.senders[row],
                LocalDateTime.ofEpochSecond(rows.times[row], 0, ZoneOffset.UTC),
                rows.zones[row] == null ? null : ZoneId.of(rows.zones[row]),
                text(row),
                MessageKind.values()[rows.kinds[row]]);
    }

    String text(int row) {
        return new String(textBytes(row), StandardCharsets.UTF_8);
    }

    byte[] textBytes(int row) {
        int from = row == 0 ? 0 : rows.textEnds[row - 1];
        byte[] utf8 = new byte[rows.textEnds[row] - from];
        texts.read(from, utf8, 0, utf8.length);
        return utf8;
    }

    byte[] vectorHalf(int row) {
        int length = rows.dimension * 2;
        byte[] half = new byte[length];
        vectors.read((long) row * length, half, 0, length);
        return half;
    }

    double dot(int row, float[] query) {
        return VectorCodes.dotHalf(query, vectorHalf(row), 0);
    }

    /** Seals this segment's rows into three new files under {@code dir}; afterwards it has a name. */
    void persist(Path dir, String newName, IndexKey key, IndexCipher aead) {
        SealedFile.write(dir.resolve(newName + ".t"), newName + ".t", key, aead, TEXT_CHUNK, texts.all(textLength()));
        SealedFile.write(
                dir.resolve(newName + ".v"),
                newName + ".v",
                key,
                aead,
                VECTORS_PER_CHUNK * rows.dimension * 2,
                vectors.all((long) rows.count * rows.dimension * 2));
        SealedFile.write(dir.resolve(newName + ".c"), newName + ".c", key, aead, COLUMN_CHUNK, rows.encodeColumns());
        this.name = newName;
    }

    private long textLength() {
        return rows.count == 0 ? 0 : rows.textEnds[rows.count - 1];
    }

    /** Loads a persisted segment: its columns now, its texts and vectors on demand. */
    static Segment load(Path dir, String name, int dimension, IndexKey key, BitSet dead) {
        SegmentRows rows = SegmentRows.decodeColumns(
                SealedFile.readAll(dir.resolve(name + ".c"), name + ".c", key), dimension, name);
        SealedFile.Reader texts = SealedFile.open(dir.resolve(name + ".t"), name + ".t", key);
        SealedFile.Reader vectors;
        try {
            vectors = SealedFile.open(dir.resolve(name + ".v"), name + ".v", key);
        } catch (RuntimeException e) {
            texts.close();
            throw e;
        }
        long textLength = rows.count == 0 ? 0 : rows.textEnds[rows.count - 1];
        if (texts.length() != textLength || vectors.length() != (long) rows.count * dimension * 2) {
            texts.close();
            vectors.close();
            throw new IndexDamagedException("segment " + name + " has blobs of " + texts.length() + " and "
                    + vectors.length() + " bytes for " + rows.count + " rows");
        }
        if (dead.length() > rows.count) {
            texts.close();
            vectors.close();
            throw new IndexDamagedException(
                    "segment " + name + " marks row " + (dead.length() - 1) + " dead of " + rows.count);
        }
        return new Segment(
                name,
                rows,
                new Blob.Sealed(texts, TEXT_CHUNK),
                new Blob.Sealed(vectors, VECTORS_PER_CHUNK * dimension * 2),
                dead);
    }

    void close() {
        texts.close();
        vectors.close();
    }

    @Override
    public String toString() {
        return "Segment[" + (name == null ? "in memory" : name) + ", rows=" + rows.count + ", dead="
                + dead.cardinality() + "]";
    }
}
