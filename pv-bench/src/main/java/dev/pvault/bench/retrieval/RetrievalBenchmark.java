package dev.pvault.bench.retrieval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.pvault.bench.BenchEmbedders;
import dev.pvault.client.index.IndexEntry;
import dev.pvault.client.index.IndexFilter;
import dev.pvault.client.index.IndexHit;
import dev.pvault.client.index.IndexKey;
import dev.pvault.client.index.IndexQuery;
import dev.pvault.client.index.Ranking;
import dev.pvault.client.index.SearchIndex;
import dev.pvault.client.index.SearchMode;
import dev.pvault.core.UserException;
import dev.pvault.core.crypto.MessageIdKey;
import dev.pvault.core.embed.Embedder;
import dev.pvault.core.embed.EmbeddingPurpose;
import dev.pvault.core.model.ChatMessage;
import dev.pvault.core.model.JobId;
import dev.pvault.core.model.MessageId;
import dev.pvault.core.model.MessageKind;
import dev.pvault.embed.onnx.OnnxEmbedders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Retrieval quality of the search index on LoCoMo (the shared folder's dev split): every scored question (categories
 * 1-4 with an evidence turn) is searched within its own conversation through {@link SearchIndex}, exactly as {@code
 * pvault search} ranks, and Recall@10 and nDCG@10 against its evidence turns are reported per variant and category.
 *
 * <p>Entry point: {@link #run(Path, Options)}; {@link #main} for running it now ({@code --dir DIR [--embedder ID]
 * [--grid] [--json]}).
 */
public final class RetrievalBenchmark {
    private static final int K = 10;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** One way of ranking: a mode, ranking settings and the keyword analysis. */
    public record Variant(String name, SearchMode mode, Ranking ranking, boolean stemming) {}

    /** What to run: the embedder (its model's id), where models are cached, and the variants. */
    public record Options(String embedder, Path cacheDir, List<Variant> variants) {
        public static Options defaults(String embedder, Path cacheDir) {
            return new Options(embedder, cacheDir, standardVariants());
        }
    }

    public record Score(int questions, double recall, double ndcg) {}

    public record VariantResult(
            String name,
            String mode,
            boolean stemming,
            String fusion,
            double vectorWeight,
            double context,
            Score all,
            Map<Integer, Score> byCategory) {}

    public record Report(
            String embedder,
            int conversations,
            int turns,
            int questions,
            int unscored,
            double seconds,
            List<VariantResult> results) {}

    private RetrievalBenchmark() {}

    /**
     * The three reference rankings (vector only; BM25 with stopwords and no stemming; plain RRF, k 60), then
     * {@link Ranking#DEFAULT} in each mode with the index's default analysis.
     */
    public static List<Variant> standardVariants() {
        Ranking rrf = new Ranking(Ranking.Fusion.RRF, 0.5, 60, 100, 1000, 0);
        List<Variant> variants = new ArrayList<>();
        variants.add(new Variant("vector", SearchMode.VECTOR, Ranking.DEFAULT.withContext(0), false));
        variants.add(new Variant("bm25", SearchMode.KEYWORD, Ranking.DEFAULT.withContext(0), false));
        variants.add(new Variant("rrf-k60", SearchMode.HYBRID, rrf, false));
        boolean stem = SearchIndex.Settings.DEFAULT.stemming();
        for (SearchMode mode : SearchMode.values()) {
            variants.add(new Variant("default-" + mode.label(), mode, Ranking.DEFAULT, stem));
        }
        return variants;
    }

    /** A grid over the settings the issue names (fusion and weight, stemming, context), for choosing the default. */
    public static List<Variant> grid() {
        List<Variant> variants = new ArrayList<>();
        for (boolean stem : new boolean[] {false, true}) {
            for (double context : new double[] {0, 0.5, 0.75, 1.0}) {
                String suffix = (stem ? "-stem" : "") + "-ctx" + context;
                variants.add(
                        new Variant("vector" + suffix, SearchMode.VECTOR, Ranking.DEFAULT.withContext(context), stem));
                variants.add(
                        new Variant("bm25" + suffix, SearchMode.KEYWORD, Ranking.DEFAULT.withContext(context), stem));
                for (double w : new double[] {0.3}) {
                    variants.add(new Variant(
                            "rrf-w" + w + suffix,
                            SearchMode.HYBRID,
                            Ranking.DEFAULT.withFusion(Ranking.Fusion.RRF, w).withContext(context),
                            stem));
                }
                for (double w : new double[] {0.3, 0.5, 0.7}) {
                    variants.add(new Variant(
                            "scores-w" + w + suffix,
                            SearchMode.HYBRID,
                            Ranking.DEFAULT.withFusion(Ranking.Fusion.SCORES, w).withContext(context),
                            stem));
                }
            }
        }
        return variants;
    }

    /** Runs every variant over the LoCoMo conversations in {@code dir}. */
    public static Report run(Path dir, Options options) {
        long start = System.nanoTime();
        LocomoData data = LocomoData.read(dir);
        Map<Boolean, List<Built>> built = new HashMap<>();
        Path scratch;
        try {
            scratch = Files.createTempDirectory("pv-retrieval-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] keyBytes = new byte[32];
        new SecureRandom().nextBytes(keyBytes);
        List<VariantResult> results = new ArrayList<>();
        try (Embedder embedder =
                        BenchEmbedders.open(options.embedder(), OnnxEmbedders.Options.defaults(options.cacheDir()));
                IndexKey key = IndexKey.ofBytes(keyBytes);
                MessageIdKey ids = MessageIdKey.generate()) {
            List<Embedded> embedded = new ArrayList<>();
            for (LocomoData.Conversation conversation : data.conversations()) {
                embedded.add(embed(conversation, embedder, ids));
            }
            for (Variant variant : options.variants()) {
                List<Built> indexes = built.computeIfAbsent(
                        variant.stemming(), stem -> build(embedded, scratch, key, embedder, stem));
                results.add(evaluate(variant, indexes));
            }
            built.values().forEach(list -> list.forEach(b -> b.index().close()));
        } finally {
            deleteTree(scratch);
        }
        int turns =
                data.conversations().stream().mapToInt(c -> c.turns().size()).sum();
        int questions = data.conversations().stream()
                .mapToInt(c -> c.questions().size())
                .sum();
        int unscored = data.conversations().stream()
                .mapToInt(LocomoData.Conversation::unscored)
                .sum();
        return new Report(
                options.embedder(),
                data.conversations().size(),
                turns,
                questions,
                unscored,
                (System.nanoTime() - start) / 1e9,
                results);
    }

    private record Embedded(
            LocomoData.Conversation conversation,
            List<ChatMessage> messages,
            List<float[]> vectors,
            List<float[]> queries) {}

    private record Built(Embedded embedded, SearchIndex index, Map<MessageId, Integer> turnOf) {}

    private static Embedded embed(LocomoData.Conversation conversation, Embedder embedder, MessageIdKey ids) {
        List<ChatMessage> messages = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        List<LocomoData.Turn> turns = conversation.turns();
        for (int i = 0; i < turns.size(); i++) {
            LocomoData.Turn turn = turns.get(i);
            MessageId id = ids.idFor(turn.chat(), turn.time(), turn.sender(), turn.text(), i);
            messages.add(
                    new ChatMessage(id, turn.chat(), turn.sender(), turn.time(), null, turn.text(), MessageKind.TEXT));
            texts.add(turn.text());
        }
        List<float[]> vectors = new ArrayList<>();
        for (int from = 0; from < texts.size(); from += 256) {
            vectors.addAll(embedder.embed(
                            texts.subList(from, Math.min(texts.size(), from + 256)), EmbeddingPurpose.PASSAGE)
                    .vectors());
        }
        List<float[]> queries = new ArrayList<>();
        for (LocomoData.Question question : conversation.questions()) {
            queries.add(embedder.embedQuery(question.text()));
        }
        return new Embedded(conversation, messages, vectors, queries);
    }

    private static List<Built> build(
            List<Embedded> embedded, Path scratch, IndexKey key, Embedder embedder, boolean stem) {
        List<Built> built = new ArrayList<>();
        for (Embedded e : embedded) {
            Path dir = scratch.resolve((stem ? "stem-" : "plain-") + built.size());
            SearchIndex index = SearchIndex.create(
                    dir,
                    key,
                    embedder.modelId(),
                    embedder.dimension(),
                    new SearchIndex.Settings(stem, SearchIndex.Settings.DEFAULT.cipher()));
            JobId job = JobId.random();
            List<IndexEntry> entries = new ArrayList<>();
            Map<MessageId, Integer> turnOf = new HashMap<>();
            for (int i = 0; i < e.messages().size(); i++) {
                entries.add(new IndexEntry(job, e.messages().get(i), e.vectors().get(i)));
                turnOf.put(e.messages().get(i).id(), i);
            }
            index.add(job, entries);
            built.add(new Built(e, index, turnOf));
        }
        return built;
    }

    private static VariantResult evaluate(Variant variant, List<Built> indexes) {
        Map<Integer, double[]> sums = new TreeMap<>();
        for (Built built : indexes) {
            LocomoData.Conversation conversation = built.embedded().conversation();
            IndexFilter filter = IndexFilter.chat(conversation.name());
            for (int q = 0; q < conversation.questions().size(); q++) {
                LocomoData.Question question = conversation.questions().get(q);
                IndexQuery query = new IndexQuery(
                        question.text(),
                        built.embedded().queries().get(q),
                        K,
                        variant.mode(),
                        filter,
                        variant.ranking());
                List<Integer> ranked = new ArrayList<>();
                for (IndexHit hit : built.index().search(query)) {
                    ranked.add(built.turnOf().get(hit.message().id()));
                }
                double[] sum = sums.computeIfAbsent(question.category(), c -> new double[3]);
                sum[0]++;
                sum[1] += RetrievalMetrics.recall(ranked, question.evidence(), K);
                sum[2] += RetrievalMetrics.ndcg(ranked, question.evidence(), K);
            }
        }
        double[] total = new double[3];
        Map<Integer, Score> byCategory = new LinkedHashMap<>();
        for (Map.Entry<Integer, double[]> entry : sums.entrySet()) {
            double[] s = entry.getValue();
            byCategory.put(entry.getKey(), new Score((int) s[0], s[1] / s[0], s[2] / s[0]));
            for (int i = 0; i < 3; i++) {
                total[i] += s[i];
            }
        }
        Ranking r = variant.ranking();
        return new VariantResult(
                variant.name(),
                variant.mode().label(),
                variant.stemming(),
                r.fusion().name().toLowerCase(Locale.ROOT),
                r.vectorWeight(),
                r.context(),
                new Score((int) total[0], total[1] / total[0], total[2] / total[0]),
                byCategory);
    }

    public static String json(Report report) {
        try {
            return JSON.writeValueAsString(report);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A table: one line per variant, Recall@10 / nDCG@10 overall and per category. */
    public static String table(Report report) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                Locale.ROOT,
                "LoCoMo: %d conversations, %d turns, %d scored questions (%d unscored), %s, %.1f s%n",
                report.conversations(),
                report.turns(),
                report.questions(),
                report.unscored(),
                report.embedder(),
                report.seconds()));
        out.append(String.format(
                Locale.ROOT,
                "%-28s %-13s %-13s %-13s %-13s %-13s%n",
                "variant",
                "all R/nDCG",
                "cat1",
                "cat2",
                "cat3",
                "cat4"));
        List<VariantResult> sorted = new ArrayList<>(report.results());
        for (VariantResult result : sorted) {
            out.append(String.format(Locale.ROOT, "%-28s %s", result.name(), cell(result.all())));
            for (int c = 1; c <= 4; c++) {
                Score score = result.byCategory().get(c);
                out.append(' ').append(score == null ? "      -      " : cell(score));
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static String cell(Score score) {
        return String.format(Locale.ROOT, "%.3f/%.3f  ", score.recall(), score.ndcg());
    }

    public static void main(String[] args) {
        Path dir = null;
        String embedder = OnnxEmbedders.DEFAULT_ID;
        boolean grid = false;
        boolean json = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--dir" -> dir = Path.of(args[++i]);
                case "--embedder" -> embedder = args[++i];
                case "--grid" -> grid = true;
                case "--json" -> json = true;
                default -> throw new UserException("unknown option " + args[i]);
            }
        }
        if (dir == null) {
            throw new UserException("--dir DIR (the LoCoMo folder, e.g. ../shared/data/locomo) is required");
        }
        Path cache = OnnxEmbedders.defaultCacheDir(System.getenv(), System.getProperty("user.home"));
        Options options = Options.defaults(embedder, cache);
        if (grid) {
            options = new Options(embedder, cache, grid());
        }
        Report report = run(dir, options);
        System.out.print(json ? json(report) + "\n" : table(report));
        if (grid) {
            report.results().stream()
                    .sorted(Comparator.comparingDouble(
                                    (VariantResult r) -> r.all().recall())
                            .reversed())
                    .limit(8)
                    .forEach(r -> System.out.println("best: " + r.name() + " " + cell(r.all())));
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A temporary folder left behind holds sealed files only.
        }
    }
}
