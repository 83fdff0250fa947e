package dev.pvault.embed.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Plans the session runs for one {@code embed} call: the texts sorted by token count, longest first, and cut
 * into groups whose padded size (texts x longest text) stays within a token budget.
 *
 * <p>Sorting keeps padding near zero: a group's texts differ in length by a token or two, so almost every
 * position the model computes belongs to a real token. Longest first lets ONNX Runtime's arena allocate its
 * largest buffers on the first run and reuse them for every later, smaller one. A text longer than the budget
 * runs alone.
 */
final class LengthGroups {

    /** One session run: the indices of its texts in the call's input order, and the length they pad to. */
    record Group(int[] members, int paddedLength) {
        int size() {
            return members.length;
        }

        /** Token positions the run computes, padding included. */
        long paddedTokens() {
            return (long) members.length * paddedLength;
        }
    }

    private LengthGroups() {}

    /**
     * Cuts texts of the given token counts into groups of at most {@code maxBatch} texts whose padded size
     * stays within {@code tokenBudget} (a single text longer than that runs alone), and in which every text
     * fills at least {@code minFill} of the group's padded length.
     */
    static List<Group> plan(int[] lengths, int tokenBudget, int maxBatch, double minFill) {
        if (tokenBudget < 1 || maxBatch < 1 || !(minFill >= 0 && minFill <= 1)) {
            throw new IllegalArgumentException(
                    "tokenBudget=" + tokenBudget + ", maxBatch=" + maxBatch + ", minFill=" + minFill);
        }
        int n = lengths.length;
        // Sort indices by (length descending, index ascending) through one packed long per text: deterministic,
        // and no boxing for a 10,000-text call.
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            if (lengths[i] < 1) {
                throw new IllegalArgumentException("text " + i + " has " + lengths[i] + " tokens");
            }
            keys[i] = ((long) (Integer.MAX_VALUE - lengths[i]) << 32) | i;
        }
        Arrays.sort(keys);

        List<Group> groups = new ArrayList<>();
        int start = 0;
        while (start < n) {
            int paddedLength = lengths[(int) keys[start]];
            int capacity = Math.max(1, Math.min(maxBatch, tokenBudget / paddedLength));
            int end = start + 1;
            while (end < n && end - start < capacity && lengths[(int) keys[end]] >= minFill * paddedLength) {
                end++;
            }
            int[] members = new int[end - start];
            for (int k = start; k < end; k++) {
                members[k - start] = (int) keys[k];
            }
            groups.add(new Group(members, paddedLength));
            start = end;
        }
        return groups;
    }
}
