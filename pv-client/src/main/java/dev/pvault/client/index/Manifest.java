package dev.pvault.client.index;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * What one persisted state of the index is made of; sealed as the file {@code manifest}, replaced atomically (written
 * beside it, forced, renamed), so the folder always holds one whole state: the old one or the new one.
 *
 * @param cursor the caller's sync cursor at this state
 * @param nextSeq the sequence number the next added message gets
 * @param centre what is subtracted from vectors before their sign codes are taken ({@link VectorCodes}); null while
 *     the index is empty
 * @param segments the entry segments, oldest first, each with its dead rows
 * @param keyword the keyword index: each Lucene file name and the sealed file that holds it
 */
record Manifest(
        int version,
        String model,
        int dimension,
        String analysis,
        long cursor,
        long nextSeq,
        float[] centre,
        List<SegmentRef> segments,
        Map<String, String> keyword) {
    static final int VERSION = 1;
    static final String FILE = "manifest";
    private static final ObjectMapper JSON = new ObjectMapper();

    record SegmentRef(String name, int rows, int[] dead) {}

    byte[] encode() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new IndexDamagedException("cannot encode the manifest", e);
        }
    }

    static Manifest decode(byte[] bytes) {
        try {
            return JSON.readValue(bytes, Manifest.class);
        } catch (IOException e) {
            throw new IndexDamagedException(
                    "the manifest does not decode: " + e.getClass().getSimpleName());
        }
    }

    /** Sizes only: the manifest holds no content, but keep its listing out of logs anyway. */
    @Override
    public String toString() {
        return "Manifest[v" + version + ", model=" + model + ", segments=" + segments.size() + ", cursor=" + cursor
                + "]";
    }
}
