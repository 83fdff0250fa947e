package dev.pvault.client.index;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One search over a {@link SearchIndex}, run under its read lock. */
final class Ranker {
    private final SearchIndex index;
    private final IndexQuery query;
    private final List<Segment> segments;
    private final float[] vector;
    private final Map<String, Boolean> chats = new HashMap<>();
    private final Map<String, Boolean> senders = new HashMap<>();
    private final long after;
    private final long before;
    /** Sequence numbers of the messages holding every quoted phrase; null when the query has none. */
    private Set<Long> phraseSeqs;

    private final Map<Long, Double> cosines = new HashMap<>();

    Ranker(SearchIndex index, IndexQuery query) {
        this.index = index;
        this.query = query;
        this.segments = index.segments();
        this.vector = query.vector() == null ? null : VectorCodes.normalised(query.vector());
        IndexFilter filter = query.filter();
        this.after = filter.after() == null ? Long.MIN_VALUE : filter.after().toEpochSecond(ZoneOffset.UTC);
        this.before = filter.before() == null ? Long.MAX_VALUE : filter.before().toEpochSecond(ZoneOffset.UTC);
        if (vector != null && vector.length != index.dimension()) {
            throw new dev.pvault.core.UserException("the query vector has " + vector.length + " dimensions, the index "
                    + index.dimension() + " (another model?)");
        }
    }

    List<IndexHit> run() {
        QueryText text = QueryText.parse(query.text());
        if (!text.phrases().isEmpty()) {
            Set<Long> matches = new HashSet<>();
            for (KeywordIndex.Scored match : index.keyword().phraseMatches(text, this::acceptsSeq)) {
                matches.add(match.seq());
            }
            phraseSeqs = matches;
        }
        Ranking ranking = query.ranking();
        int k = query.k();
        return switch (query.mode()) {
            case VECTOR -> fuse(vectorTop(k + (ranking.context() > 0 ? ranking.depth() : 0)), List.of(), 1.0);
            case KEYWORD -> fuse(List.of(), keywordTop(text, k + (ranking.context() > 0 ? ranking.depth() : 0)), 0.0);
            case HYBRID ->
                fuse(vectorTop(Math.max(k, ranking.depth())), keywordTop(text, Math.max(k, ranking.depth())), -1);
        };
    }

    private List<KeywordIndex.Scored> keywordTop(QueryText text, int n) {
        List<KeywordIndex.Scored> scored = index.keyword().search(text, this::acceptsSeq, n);
        List<KeywordIndex.Scored> mapped = new ArrayList<>(scored.size());
        for (KeywordIndex.Scored hit : scored) {
            long position = index.position(hit.seq());
            if (position >= 0) {
                mapped.add(new KeywordIndex.Scored(position, hit.score()));
            }
        }
        return mapped;
    }

    // ---- filters ----

    private boolean acceptsSeq(long seq) {
        long position = index.position(seq);
        return position >= 0 && accepts(segments.get(SearchIndex.segmentOf(position)), SearchIndex.rowOf(position));
    }

    private boolean accepts(Segment segment, int row) {
        if (segment.dead.get(row)) {
            return false;
        }
        IndexFilter filter = query.filter();
        SegmentRows rows = segment.rows;
        if (filter.chat() != null
                && !chats.computeIfAbsent(rows.chats[row], name -> filter.acceptsName(filter.chat(), name))) {
            return false;
        }
        if (filter.sender() != null
                && !senders.computeIfAbsent(rows.senders[row], name -> filter.acceptsName(filter.sender(), name))) {
            return false;
        }
        long time = rows.times[row];
        return time >= after && time < before && (phraseSeqs == null || phraseSeqs.contains(rows.seqs[row]));
    }

    // ---- vector ranking ----

    /**
     * The best {@code n} accepted messages by exact cosine, from the {@link Ranking#candidates()} nearest by Hamming
     * distance of their codes: one pass computes the distances and their histogram, which gives the cut-off distance.
     */
    private List<KeywordIndex.Scored> vectorTop(int n) {
        long[] code = VectorCodes.encode(VectorCodes.centred(vector, index.centre()));
        int words = code.length;
        int bits = words * 64;
        int total = 0;
        for (Segment segment : segments) {
            total += segment.count();
        }
        short[] distances = new short[total];
        int[] histogram = new int[bits + 2];
        boolean filtered = !query.filter().isNone() || phraseSeqs != null;
        int at = 0;
        for (Segment segment : segments) {
            long[] codes = segment.rows.codes;
            for (int row = 0; row < segment.count(); row++, at++) {
                if (filtered ? !accepts(segment, row) : segment.dead.get(row)) {
                    distances[at] = (short) (bits + 1);
                    continue;
                }
                int distance = VectorCodes.hamming(code, codes, row * words);
                distances[at] = (short) distance;
                histogram[distance]++;
            }
        }
        int wanted = Math.max(n, query.ranking().candidates());
        int cut = 0;
        int below = 0;
        while (cut <= bits && below + histogram[cut] < wanted) {
            below += histogram[cut];
            cut++;
        }
        int tiesLeft = cut <= bits ? wanted - below : 0;
        List<KeywordIndex.Scored> candidates = new ArrayList<>(wanted);
        at = 0;
        for (int s = 0; s < segments.size(); s++) {
            Segment segment = segments.get(s);
            for (int row = 0; row < segment.count(); row++, at++) {
                int distance = distances[at];
                if (distance < cut || (distance == cut && tiesLeft-- > 0)) {
                    long position = ((long) s << 32) | row;
                    candidates.add(new KeywordIndex.Scored(position, cosine(position)));
                }
            }
        }
        candidates.sort((a, b) -> Double.compare(b.score(), a.score()));
        return candidates.subList(0, Math.min(n, candidates.size()));
    }

    private double cosine(long position) {
        Double known = cosines.get(position);
        if (known != null) {
            return known;
        }
        double cosine = segments.get(SearchIndex.segmentOf(position)).dot(SearchIndex.rowOf(position), vector);
        cosines.put(position, cosine);
        return cosine;
    }

    // ---- fusion ----

    /**
     * Fuses the vector hits {@code byVector} and keyword hits {@code byKeyword} (positions, best first). {@code only} is
     * 1 for vector mode, 0 for keyword mode (the one ranking's own score), -1 for hybrid (the ranking's fusion).
     */
    private List<IndexHit> fuse(List<KeywordIndex.Scored> byVector, List<KeywordIndex.Scored> byKeyword, double only) {
        Ranking ranking = query.ranking();
        Map<Long, Integer> vectorRank = new HashMap<>();
        Map<Long, Integer> keywordRank = new HashMap<>();
        Map<Long, Double> bm25 = new HashMap<>();
        Set<Long> candidates = new LinkedHashSet<>();
        for (int i = 0; i < byVector.size(); i++) {
            vectorRank.put(byVector.get(i).seq(), i + 1);
            candidates.add(byVector.get(i).seq());
        }
        for (int i = 0; i < byKeyword.size(); i++) {
            keywordRank.put(byKeyword.get(i).seq(), i + 1);
            bm25.put(byKeyword.get(i).seq(), byKeyword.get(i).score());
            candidates.add(byKeyword.get(i).seq());
        }
        double maxBm25 = 0;
        for (double score : bm25.values()) {
            maxBm25 = Math.max(maxBm25, score);
        }
        double minCos = Double.POSITIVE_INFINITY;
        double maxCos = Double.NEGATIVE_INFINITY;
        if (vector != null && only != 0.0) {
            for (long position : candidates) {
                double cosine = cosine(position);
                minCos = Math.min(minCos, cosine);
                maxCos = Math.max(maxCos, cosine);
            }
        }
        Scorer scorer = new Scorer(ranking, only, vectorRank, keywordRank, bm25, maxBm25, minCos, maxCos);
        Neighbours neighbours = ranking.context() > 0 ? index.neighbours() : null;
        Map<Long, Double> own = new HashMap<>();
        List<double[]> scored = new ArrayList<>(candidates.size());
        List<Long> order = new ArrayList<>(candidates);
        for (long position : order) {
            double score = own.computeIfAbsent(position, scorer::score);
            if (neighbours != null) {
                double context = 0;
                int count = 0;
                for (long neighbour : new long[] {neighbours.previous(position), neighbours.next(position)}) {
                    if (neighbour >= 0) {
                        context += own.computeIfAbsent(neighbour, scorer::score);
                        count++;
                    }
                }
                score += count == 0 ? 0 : ranking.context() * context / count;
            }
            scored.add(new double[] {position, score});
        }
        Integer[] sorted = new Integer[scored.size()];
        Arrays.setAll(sorted, i -> i);
        Arrays.sort(sorted, (a, b) -> Double.compare(scored.get(b)[1], scored.get(a)[1]));
        List<IndexHit> hits = new ArrayList<>(query.k());
        for (int i = 0; i < sorted.length && hits.size() < query.k(); i++) {
            long position = order.get(sorted[i]);
            Segment segment = segments.get(SearchIndex.segmentOf(position));
            int row = SearchIndex.rowOf(position);
            hits.add(new IndexHit(
                    hits.size() + 1,
                    scored.get(sorted[i])[1],
                    segment.message(row),
                    segment.rows.jobs[row],
                    vector == null || only == 0.0 ? Double.NaN : cosine(position),
                    bm25.getOrDefault(position, 0.0)));
        }
        return hits;
    }

    /** A message's own score in this search, whether or not it was a hit of either ranking (for context). */
    private final class Scorer {
        private final Ranking ranking;
        private final double only;
        private final Map<Long, Integer> vectorRank;
        private final Map<Long, Integer> keywordRank;
        private final Map<Long, Double> bm25;
        private final double maxBm25;
        private final double minCos;
        private final double maxCos;

        Scorer(
                Ranking ranking,
                double only,
                Map<Long, Integer> vectorRank,
                Map<Long, Integer> keywordRank,
                Map<Long, Double> bm25,
                double maxBm25,
                double minCos,
                double maxCos) {
            this.ranking = ranking;
            this.only = only;
            this.vectorRank = vectorRank;
            this.keywordRank = keywordRank;
            this.bm25 = bm25;
            this.maxBm25 = maxBm25;
            this.minCos = minCos;
            this.maxCos = maxCos;
        }

        double score(long position) {
            if (only == 1.0) {
                return cosine(position);
            }
            if (only == 0.0) {
                return bm25.getOrDefault(position, 0.0);
            }
            double w = ranking.vectorWeight();
            if (ranking.fusion() == Ranking.Fusion.RRF) {
                Integer v = vectorRank.get(position);
                Integer b = keywordRank.get(position);
                return (v == null ? 0 : w / (ranking.rrfK() + v)) + (b == null ? 0 : (1 - w) / (ranking.rrfK() + b));
            }
            double cos = maxCos > minCos ? Math.max(0, (cosine(position) - minCos) / (maxCos - minCos)) : 0;
            double bm = maxBm25 > 0 ? bm25.getOrDefault(position, 0.0) / maxBm25 : 0;
            return w * cos + (1 - w) * bm;
        }
    }
}
