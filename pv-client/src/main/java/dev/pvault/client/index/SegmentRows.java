package dev.pvault.client.index;

import dev.pvault.core.model.JobId;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The rows of one segment, column by column, as they are sealed on disk: the columns every query reads ({@link
 * #encodeColumns}, opened whole at load), and the texts and half-precision vectors, each one blob opened chunk by
 * chunk on demand ({@link Blob}). Built by appending rows; decoded from the column file.
 */
final class SegmentRows {
    final int dimension;
    final int words;
    int count;
    long[] seqs = new long[16];
    byte[] ids = new byte[16 * 16];
    JobId[] jobs = new JobId[16];
    String[] chats = new String[16];
    String[] senders = new String[16];
    String[] zones = new String[16];
    byte[] kinds = new byte[16];
    long[] times = new long[16];
    /** textEnds[i] is where row i's UTF-8 text ends in the text blob; it starts where row i - 1's ends. */
    int[] textEnds = new int[16];

    long[] codes = new long[16];
    private ByteArrayOutputStream texts;
    private ByteArrayOutputStream vectors;

    SegmentRows(int dimension) {
        this.dimension = dimension;
        this.words = VectorCodes.words(dimension);
        this.codes = new long[16 * words];
        this.texts = new ByteArrayOutputStream();
        this.vectors = new ByteArrayOutputStream();
    }

    /** Appends one row; {@code vector16} is the row's vector in half precision (2 bytes a component, big-endian). */
    void add(
            long seq,
            byte[] id,
            JobId job,
            String chat,
            String sender,
            String zone,
            byte kind,
            long time,
            byte[] textUtf8,
            byte[] vector16,
            long[] code,
            int codeOffset) {
        grow();
        seqs[count] = seq;
        System.arraycopy(id, 0, ids, count * 16, 16);
        jobs[count] = job;
        chats[count] = chat;
        senders[count] = sender;
        zones[count] = zone;
        kinds[count] = kind;
        times[count] = time;
        texts.writeBytes(textUtf8);
        textEnds[count] = texts.size();
        vectors.writeBytes(vector16);
        System.arraycopy(code, codeOffset, codes, count * words, words);
        count++;
    }

    private void grow() {
        if (count < seqs.length) {
            return;
        }
        int n = seqs.length * 2;
        seqs = Arrays.copyOf(seqs, n);
        ids = Arrays.copyOf(ids, n * 16);
        jobs = Arrays.copyOf(jobs, n);
        chats = Arrays.copyOf(chats, n);
        senders = Arrays.copyOf(senders, n);
        zones = Arrays.copyOf(zones, n);
        kinds = Arrays.copyOf(kinds, n);
        times = Arrays.copyOf(times, n);
        textEnds = Arrays.copyOf(textEnds, n);
        codes = Arrays.copyOf(codes, n * words);
    }

    byte[] textBytes() {
        return texts.toByteArray();
    }

    byte[] vectorBytes() {
        return vectors.toByteArray();
    }

    /** The column file: counts, the job and name tables, then each column in turn. */
    byte[] encodeColumns() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(count * (64 + words * 8) + 1024);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(count);
            out.writeInt(dimension);
            Table<JobId> jobTable = new Table<>();
            Table<String> names = new Table<>();
            int[] jobColumn = new int[count];
            int[] chatColumn = new int[count];
            int[] senderColumn = new int[count];
            int[] zoneColumn = new int[count];
            for (int i = 0; i < count; i++) {
                jobColumn[i] = jobTable.ordinal(jobs[i]);
                chatColumn[i] = names.ordinal(chats[i]);
                senderColumn[i] = names.ordinal(senders[i]);
                zoneColumn[i] = zones[i] == null ? -1 : names.ordinal(zones[i]);
            }
            out.writeInt(jobTable.values.size());
            for (JobId job : jobTable.values) {
                out.writeLong(job.value().getMostSignificantBits());
                out.writeLong(job.value().getLeastSignificantBits());
            }
            out.writeInt(names.values.size());
            for (String name : names.values) {
                byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
                out.writeInt(utf8.length);
                out.write(utf8);
            }
            for (int i = 0; i < count; i++) {
                out.writeLong(seqs[i]);
                out.write(ids, i * 16, 16);
                out.writeInt(jobColumn[i]);
                out.writeInt(chatColumn[i]);
                out.writeInt(senderColumn[i]);
                out.writeInt(zoneColumn[i]);
                out.writeByte(kinds[i]);
                out.writeLong(times[i]);
                out.writeInt(textEnds[i]);
            }
            for (int i = 0; i < count * words; i++) {
                out.writeLong(codes[i]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Decodes a column file written by {@link #encodeColumns}; the blobs stay on disk. */
    static SegmentRows decodeColumns(byte[] encoded, int expectedDimension, String file) {
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(encoded))) {
            int count = in.readInt();
            int dimension = in.readInt();
            if (dimension != expectedDimension || count < 0) {
                throw new IndexDamagedException("segment " + file + " holds " + dimension
                        + "-dimensional vectors, the index " + expectedDimension);
            }
            SegmentRows rows = new SegmentRows(dimension);
            rows.seqs = new long[count];
            rows.ids = new byte[count * 16];
            rows.jobs = new JobId[count];
            rows.chats = new String[count];
            rows.senders = new String[count];
            rows.zones = new String[count];
            rows.kinds = new byte[count];
            rows.times = new long[count];
            rows.textEnds = new int[count];
            rows.codes = new long[count * rows.words];
            JobId[] jobTable = new JobId[in.readInt()];
            for (int j = 0; j < jobTable.length; j++) {
                jobTable[j] = new JobId(new UUID(in.readLong(), in.readLong()));
            }
            String[] names = new String[in.readInt()];
            for (int j = 0; j < names.length; j++) {
                byte[] utf8 = new byte[in.readInt()];
                in.readFully(utf8);
                names[j] = new String(utf8, StandardCharsets.UTF_8);
            }
            for (int i = 0; i < count; i++) {
                rows.seqs[i] = in.readLong();
                in.readFully(rows.ids, i * 16, 16);
                rows.jobs[i] = jobTable[in.readInt()];
                rows.chats[i] = names[in.readInt()];
                rows.senders[i] = names[in.readInt()];
                int zone = in.readInt();
                rows.zones[i] = zone < 0 ? null : names[zone];
                rows.kinds[i] = in.readByte();
                rows.times[i] = in.readLong();
                rows.textEnds[i] = in.readInt();
            }
            for (int i = 0; i < count * rows.words; i++) {
                rows.codes[i] = in.readLong();
            }
            if (in.available() != 0) {
                throw new IndexDamagedException("segment " + file + " has " + in.available() + " bytes past its rows");
            }
            rows.count = count;
            rows.texts = null;
            rows.vectors = null;
            return rows;
        } catch (IOException | RuntimeException e) {
            if (e instanceof IndexDamagedException damaged) {
                throw damaged;
            }
            throw new IndexDamagedException(
                    "segment " + file + " does not decode: " + e.getClass().getSimpleName());
        }
    }

    /** Values numbered in the order first seen. */
    private static final class Table<T> {
        final List<T> values = new ArrayList<>();
        private final Map<T, Integer> ordinals = new HashMap<>();

        int ordinal(T value) {
            return ordinals.computeIfAbsent(value, v -> {
                values.add(v);
                return values.size() - 1;
            });
        }
    }
}
