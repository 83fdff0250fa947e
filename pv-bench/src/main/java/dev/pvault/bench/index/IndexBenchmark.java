package dev.pvault.bench.index;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pvault.bench.Corpus;
import dev.pvault.bench.ProcessStats;
import dev.pvault.client.index.IndexCipher;
import dev.pvault.client.index.IndexEntry;
import dev.pvault.client.index.IndexKey;
import dev.pvault.client.index.IndexOpening;
import dev.pvault.client.index.IndexQuery;
import dev.pvault.client.index.SearchIndex;
import dev.pvault.client.index.SearchMode;
import dev.pvault.core.UserException;
import dev.pvault.core.crypto.MessageIdKey;
import dev.pvault.core.model.ChatMessage;
import dev.pvault.core.model.JobId;
import dev.pvault.core.model.MessageKind;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Performance of the sealed search index, printed as one JSON document (a benchmark, not a test):
 *
 * <ul>
 *   <li>{@code build --dir D --messages N}: a generated index of N messages persisted into D (jobs of 1,000);
 *   <li>{@code query --dir D}: in a fresh process, the time to open it, the first query, and warm query latencies
 *       (p50, p90 over 200 queries per mode), and the process's peak RSS;
 *   <li>{@code add --dir D}: adding 1,000 new messages (one job) and persisting.
 * </ul>
 *
 * <p>Messages: the shared chat corpus's lines, cycled, each with a number appended (realistic lengths, 78 bytes
 * average). Vectors: synthetic 384-dimensional unit vectors with the structure of sentence embeddings (a common offset,
 * 200 topic clusters, per-message noise), not the model's: embedding a million messages here would take hours. The
 * generator is seeded, so build, query and add agree. Run the JVM with the flags under test (the {@code pvault} script
 * uses {@code -XX:TieredStopAtLevel=1 -XX:+UseSerialGC}).
 */
public final class IndexBenchmark {
    private static final int DIMENSION = 384;
    private static final String MODEL = "bench:synthetic-384";
    private static final int JOB = 1000;

    private IndexBenchmark() {}

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "";
        Path dir = null;
        int messages = 100_000;
        IndexCipher cipher = IndexCipher.CHACHA20_POLY1305;
        Path corpusFile = Path.of("../shared", Corpus.SHARED_CORPUS);
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--dir" -> dir = Path.of(args[++i]);
                case "--messages" -> messages = Integer.parseInt(args[++i]);
                case "--cipher" -> cipher = IndexCipher.valueOf(args[++i]);
                case "--corpus" -> corpusFile = Path.of(args[++i]);
                default -> throw new UserException("unknown option " + args[i]);
            }
        }
        if (dir == null) {
            throw new UserException("usage: build|query|add --dir DIR [--messages N] [--cipher C] [--corpus FILE]");
        }
        SearchIndex.Settings settings = new SearchIndex.Settings(true, cipher);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("mode", mode);
        report.put(
                "flags",
                java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());
        report.put("cipher", cipher.name());
        Generator generator = new Generator(Corpus.fromFile(corpusFile, 10_000).messages());
        try (IndexKey key = IndexKey.ofBytes(new byte[32])) {
            switch (mode) {
                case "build" -> build(dir, key, settings, messages, generator, report);
                case "query" -> query(dir, key, settings, generator, report);
                case "add" -> add(dir, key, settings, generator, report);
                default -> throw new UserException("mode is build, query or add");
            }
        }
        report.put("peak_rss_mib", ProcessStats.peakRssMiB());
        System.out.println(new ObjectMapper().writeValueAsString(report));
    }

    private static void build(
            Path dir,
            IndexKey key,
            SearchIndex.Settings settings,
            int n,
            Generator generator,
            Map<String, Object> report) {
        long start = System.nanoTime();
        try (SearchIndex index = SearchIndex.create(dir, key, MODEL, DIMENSION, settings)) {
            for (int from = 0; from < n; from += JOB) {
                JobId job = new JobId(new java.util.UUID(0, from));
                index.add(job, generator.entries(job, from, Math.min(JOB, n - from)));
            }
            long added = System.nanoTime();
            index.persist(n);
            report.put("messages", index.size());
            report.put("add_ms", (added - start) / 1_000_000);
            report.put("persist_ms", (System.nanoTime() - added) / 1_000_000);
        }
    }

    private static SearchIndex open(Path dir, IndexKey key, SearchIndex.Settings settings, Map<String, Object> report) {
        long start = System.nanoTime();
        long cpu = ProcessStats.threadCpuMillis();
        IndexOpening opening = SearchIndex.open(dir, key, MODEL, DIMENSION, settings);
        report.put("open_ms", (System.nanoTime() - start) / 1_000_000);
        // CPU time barely moves when other processes take the cores; wall time does (shared 2-core machine).
        report.put("open_cpu_ms", ProcessStats.threadCpuMillis() - cpu);
        report.put("process_age_at_open_ms", ProcessStats.ageMillis());
        if (!(opening instanceof IndexOpening.Loaded(SearchIndex index))) {
            throw new UserException("no index to open in " + dir + ": " + opening);
        }
        report.put("messages", index.size());
        return index;
    }

    private static void query(
            Path dir, IndexKey key, SearchIndex.Settings settings, Generator generator, Map<String, Object> report) {
        try (SearchIndex index = open(dir, key, settings, report)) {
            SplittableRandom random = new SplittableRandom(5);
            long first = System.nanoTime();
            long cpu = ProcessStats.threadCpuMillis();
            index.search(generator.query(random, SearchMode.HYBRID));
            report.put("first_query_ms", (System.nanoTime() - first) / 1_000_000);
            report.put("first_query_cpu_ms", ProcessStats.threadCpuMillis() - cpu);
            for (SearchMode mode : SearchMode.values()) {
                for (int i = 0; i < 50; i++) {
                    index.search(generator.query(random, mode));
                }
                long[] nanos = new long[200];
                for (int i = 0; i < nanos.length; i++) {
                    IndexQuery query = generator.query(random, mode);
                    long t = System.nanoTime();
                    index.search(query);
                    nanos[i] = System.nanoTime() - t;
                }
                Arrays.sort(nanos);
                report.put(mode.label() + "_p50_ms", nanos[nanos.length / 2] / 1e6);
                report.put(mode.label() + "_p90_ms", nanos[nanos.length * 9 / 10] / 1e6);
            }
        }
    }

    private static void add(
            Path dir, IndexKey key, SearchIndex.Settings settings, Generator generator, Map<String, Object> report) {
        try (SearchIndex index = open(dir, key, settings, report)) {
            int from = index.size() + 10_000_000;
            JobId job = JobId.random();
            List<IndexEntry> entries = generator.entries(job, from, JOB);
            long start = System.nanoTime();
            index.add(job, entries);
            index.persist(index.cursor() + JOB);
            report.put("add_and_persist_1000_ms", (System.nanoTime() - start) / 1_000_000);
            report.put("messages_after", index.size());
        }
    }

    /** Seeded messages and vectors; message {@code i} is the same in every process. */
    private static final class Generator {
        private final List<String> lines;
        private final float[][] centres = new float[200][];
        private final float[] offset;
        private final MessageIdKey ids = MessageIdKey.of(new byte[32]);

        Generator(List<String> lines) {
            this.lines = lines;
            SplittableRandom random = new SplittableRandom(11);
            offset = gaussian(random, 0.3);
            for (int c = 0; c < centres.length; c++) {
                centres[c] = gaussian(random, 1);
            }
        }

        List<IndexEntry> entries(JobId job, int from, int count) {
            List<IndexEntry> entries = new ArrayList<>(count);
            LocalDateTime start = LocalDateTime.of(2019, 1, 1, 0, 0);
            for (int i = from; i < from + count; i++) {
                String text = lines.get(i % lines.size()) + " " + i;
                String chat = "Chat " + (i % 40);
                String sender = "Person " + (i % 97);
                LocalDateTime time = start.plusMinutes(i);
                ChatMessage message = new ChatMessage(
                        ids.idFor(chat, time, sender, text, 0), chat, sender, time, null, text, MessageKind.TEXT);
                entries.add(new IndexEntry(job, message, vector(new SplittableRandom(i * 31L + 7), 0.8)));
            }
            return entries;
        }

        IndexQuery query(SplittableRandom random, SearchMode mode) {
            String line = lines.get(random.nextInt(lines.size()));
            String[] words = line.split("\\s+");
            String text = words[random.nextInt(words.length)] + " " + words[random.nextInt(words.length)];
            return IndexQuery.of(text, vector(random, 0.8), 10, mode);
        }

        private float[] vector(SplittableRandom random, double noise) {
            float[] centre = centres[random.nextInt(centres.length)];
            float[] v = gaussian(random, noise);
            double norm = 0;
            for (int d = 0; d < DIMENSION; d++) {
                v[d] += centre[d] + offset[d];
                norm += v[d] * v[d];
            }
            for (int d = 0; d < DIMENSION; d++) {
                v[d] /= (float) Math.sqrt(norm);
            }
            return v;
        }

        private static float[] gaussian(SplittableRandom random, double scale) {
            float[] v = new float[DIMENSION];
            for (int d = 0; d < DIMENSION; d++) {
                double u = 1 - random.nextDouble();
                v[d] = (float) (scale * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble()));
            }
            return v;
        }
    }
}
