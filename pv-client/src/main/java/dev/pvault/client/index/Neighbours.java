package dev.pvault.client.index;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** Each live message's previous and next live message in its chat, by time (then by the order they were added). */
final class Neighbours {
    private final long[][] previous;
    private final long[][] next;

    private Neighbours(long[][] previous, long[][] next) {
        this.previous = previous;
        this.next = next;
    }

    static Neighbours of(List<Segment> segments) {
        List<long[]> live = new ArrayList<>();
        long[][] previous = new long[segments.size()][];
        long[][] next = new long[segments.size()][];
        for (int s = 0; s < segments.size(); s++) {
            Segment segment = segments.get(s);
            previous[s] = new long[segment.count()];
            next[s] = new long[segment.count()];
            Arrays.fill(previous[s], -1);
            Arrays.fill(next[s], -1);
            for (int row = 0; row < segment.count(); row++) {
                if (!segment.dead.get(row)) {
                    live.add(new long[] {s, row});
                }
            }
        }
        Comparator<long[]> order = Comparator.<long[], String>comparing(
                        p -> segments.get((int) p[0]).rows.chats[(int) p[1]])
                .thenComparingLong(p -> segments.get((int) p[0]).rows.times[(int) p[1]])
                .thenComparingLong(p -> segments.get((int) p[0]).rows.seqs[(int) p[1]]);
        live.sort(order);
        for (int i = 1; i < live.size(); i++) {
            long[] a = live.get(i - 1);
            long[] b = live.get(i);
            String chatA = segments.get((int) a[0]).rows.chats[(int) a[1]];
            String chatB = segments.get((int) b[0]).rows.chats[(int) b[1]];
            if (chatA.equals(chatB)) {
                next[(int) a[0]][(int) a[1]] = (a[0] << 32) | b[1];
                previous[(int) b[0]][(int) b[1]] = (b[0] << 32) | a[1];
            }
        }
        return new Neighbours(previous, next);
    }

    long previous(long position) {
        return previous[SearchIndex.segmentOf(position)][SearchIndex.rowOf(position)];
    }

    long next(long position) {
        return next[SearchIndex.segmentOf(position)][SearchIndex.rowOf(position)];
    }
}
