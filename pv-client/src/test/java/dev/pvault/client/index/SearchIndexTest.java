package dev.pvault.client.index;

import static dev.pvault.client.index.IndexFixtures.DIMENSION;
import static dev.pvault.client.index.IndexFixtures.MODEL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pvault.core.model.ChatMessage;
import dev.pvault.core.model.JobId;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SearchIndexTest {
    /** The vector ranking alone: no neighbouring messages mixed in, so it can be compared with exact cosine. */
    private static final Ranking EXACT_VECTOR = Ranking.DEFAULT.withContext(0);

    @TempDir
    Path home;

    private final IndexKey key = IndexFixtures.key(7);
    private final SplittableRandom random = new SplittableRandom(42);
    private final List<float[]> vectors = IndexFixtures.clusteredVectors(random, 2000, DIMENSION, 12);
    private final List<SearchIndex> opened = new ArrayList<>();

    @AfterEach
    void closeAll() {
        opened.forEach(SearchIndex::close);
    }

    private Path dir() {
        return home.resolve("index");
    }

    private SearchIndex create() {
        return track(SearchIndex.create(dir(), key, MODEL, DIMENSION, SearchIndex.Settings.DEFAULT));
    }

    private SearchIndex track(SearchIndex index) {
        opened.add(index);
        return index;
    }

    private IndexOpening open() {
        IndexOpening opening = SearchIndex.open(dir(), key, MODEL, DIMENSION, SearchIndex.Settings.DEFAULT);
        if (opening instanceof IndexOpening.Loaded(SearchIndex index)) {
            track(index);
        }
        return opening;
    }

    private SearchIndex reopen() {
        IndexOpening opening = open();
        assertThat(opening).isInstanceOf(IndexOpening.Loaded.class);
        return ((IndexOpening.Loaded) opening).index();
    }

    /** A new index holding {@code count} messages of {@code job}, persisted at {@code cursor}. */
    private SearchIndex persistedWith(JobId job, int count, long cursor) {
        SearchIndex index = create();
        index.add(job, IndexFixtures.entries(job, "Chat", "Ann", count, vectors, 0));
        index.persist(cursor);
        return index;
    }

    private static List<String> texts(List<IndexHit> hits) {
        return hits.stream().map(hit -> hit.message().text()).toList();
    }

    @Test
    void persistAndOpen_giveTheSameMessagesHitsAndCursor() {
        SearchIndex index = create();
        JobId job = JobId.random();
        index.add(job, IndexFixtures.entries(job, "Family", "Ann", 300, vectors, 0));
        IndexQuery query = IndexQuery.of("topic 3 number", vectors.get(5), 10, SearchMode.HYBRID);
        List<IndexHit> before = index.search(query);
        index.persist(17);
        index.close();
        opened.remove(index);

        SearchIndex again = reopen();
        assertThat(again.cursor()).isEqualTo(17);
        assertThat(again.size()).isEqualTo(300);
        List<IndexHit> after = again.search(query);
        assertThat(after).hasSize(10);
        assertThat(after.stream().map(IndexHit::message).toList())
                .isEqualTo(before.stream().map(IndexHit::message).toList());
        assertThat(after.getFirst().job()).isEqualTo(job);
        ChatMessage top = again.search(
                        IndexQuery.of("x", vectors.get(5), 1, SearchMode.VECTOR).with(EXACT_VECTOR))
                .getFirst()
                .message();
        assertThat(top.text()).isEqualTo("note number 5 about topic 5");
        assertThat(top.chat()).isEqualTo("Family");
        assertThat(top.sender()).isEqualTo("Ann");
        assertThat(top.time()).isEqualTo(LocalDateTime.of(2024, 1, 1, 9, 5));
    }

    @Test
    void incremental_addsRemovesAndReplacesAcrossPersists() {
        SearchIndex index = create();
        JobId a = JobId.random();
        JobId b = JobId.random();
        JobId c = JobId.random();
        index.add(a, IndexFixtures.entries(a, "Chat", "Ann", 100, vectors, 0));
        index.persist(1);
        index.add(b, IndexFixtures.entries(b, "Chat", "Bob", 100, vectors, 100));
        index.persist(2);
        index.removeJob(a);
        index.add(c, IndexFixtures.entries(c, "Chat", "Cy", 50, vectors, 200));
        // The same job again (a redelivered sync) changes nothing.
        index.add(c, IndexFixtures.entries(c, "Chat", "Cy", 50, vectors, 200));
        index.persist(3);
        for (int round = 0; round < 6; round++) {
            JobId more = JobId.random();
            index.add(more, IndexFixtures.entries(more, "Other", "Dee", 20, vectors, 300 + 20 * round));
            index.persist(4 + round);
        }
        index.close();
        opened.remove(index);

        SearchIndex again = reopen();
        assertThat(again.cursor()).isEqualTo(9);
        assertThat(again.size()).isEqualTo(100 + 50 + 120);
        assertThat(again.hasJob(a)).isFalse();
        assertThat(again.hasJob(b)).isTrue();
        List<IndexHit> all =
                again.search(new IndexQuery("number", vectors.get(0), 1000, SearchMode.KEYWORD, null, null));
        assertThat(all).hasSize(270);
        assertThat(all).noneMatch(hit -> hit.job().equals(a));
        assertThat(new HashSet<>(texts(all))).hasSize(270);
        // Vector mode never returns the removed messages either.
        assertThat(again.search(IndexQuery.of("x", vectors.get(3), 10, SearchMode.VECTOR)))
                .noneMatch(hit -> hit.job().equals(a));
    }

    @Test
    void filters_applyInsideTheRanking_soKHitsComeBackWheneverKMatch() {
        SearchIndex index = create();
        JobId job = JobId.random();
        List<IndexEntry> entries = new ArrayList<>();
        LocalDateTime start = LocalDateTime.of(2023, 6, 1, 8, 0);
        for (int i = 0; i < 1000; i++) {
            // One message in 50 is Zoe's in "Climbing"; the rest are elsewhere and nearer the query.
            boolean rare = i % 50 == 0;
            ChatMessage message = IndexFixtures.message(
                    rare ? "Climbing club" : "Work", rare ? "Zoe" : "Max", start.plusHours(i), "route report " + i);
            entries.add(new IndexEntry(job, message, vectors.get(i)));
        }
        index.add(job, entries);
        for (SearchMode mode : SearchMode.values()) {
            List<IndexHit> hits = index.search(
                    new IndexQuery("route report", vectors.get(1), 15, mode, IndexFilter.chat("climbing"), null));
            assertThat(hits)
                    .as(mode.label())
                    .hasSize(15)
                    .allMatch(h -> h.message().sender().equals("Zoe"));
            List<IndexHit> bySender = index.search(
                    new IndexQuery("route", vectors.get(1), 20, mode, new IndexFilter(null, "ZOE", null, null), null));
            assertThat(bySender).as(mode.label()).hasSize(20);
            LocalDateTime from = start.plusHours(100);
            LocalDateTime to = start.plusHours(200);
            List<IndexHit> dated = index.search(
                    new IndexQuery("report", vectors.get(1), 1000, mode, new IndexFilter(null, null, from, to), null));
            assertThat(dated)
                    .as(mode.label())
                    .hasSize(100)
                    .allMatch(h -> !h.message().time().isBefore(from)
                            && h.message().time().isBefore(to));
        }
        assertThat(index.search(new IndexQuery(
                        "report",
                        vectors.get(1),
                        10,
                        SearchMode.HYBRID,
                        new IndexFilter("nowhere", null, null, null),
                        null)))
                .isEmpty();
    }

    @Test
    void quotedPhrases_matchWordForWord_inEveryMode_andNamesAndNumbersAreFound() {
        SearchIndex index = create();
        JobId job = JobId.random();
        LocalDateTime t = LocalDateTime.of(2024, 3, 1, 12, 0);
        List<IndexEntry> entries = new ArrayList<>();
        String[] texts = {
            "the blue house on the corner",
            "the house is blue",
            "a blue house",
            "Zanzibar flight is AB1234",
            "meet at gate 42"
        };
        for (int i = 0; i < 200; i++) {
            String text = i < texts.length ? texts[i] : "filler message " + i;
            entries.add(new IndexEntry(job, IndexFixtures.message("C", "S", t.plusMinutes(i), text), vectors.get(i)));
        }
        index.add(job, entries);
        for (SearchMode mode : SearchMode.values()) {
            List<IndexHit> hits = index.search(new IndexQuery("\"blue house\"", vectors.get(9), 10, mode, null, null));
            assertThat(texts(hits)).as(mode.label()).containsExactlyInAnyOrder(texts[0], texts[2]);
        }
        assertThat(texts(index.search(IndexQuery.of("zanzibar", vectors.get(100), 1, SearchMode.HYBRID))))
                .containsExactly(texts[3]);
        assertThat(texts(index.search(IndexQuery.of("ab1234", vectors.get(100), 1, SearchMode.HYBRID))))
                .containsExactly(texts[3]);
        assertThat(texts(index.search(IndexQuery.of("gate 42", vectors.get(100), 1, SearchMode.KEYWORD))))
                .containsExactly(texts[4]);
    }

    @Test
    void vectorRanking_recallAt10AgainstExactCosine_isAtLeast099() {
        SearchIndex index = create();
        int n = 20_000;
        SplittableRandom seeded = new SplittableRandom(99);
        int queries = 50;
        // Queries come from the same distribution as the messages (held out), as real queries land near real messages.
        List<float[]> many = IndexFixtures.clusteredVectors(seeded, n + queries, 128, 40);
        index.close();
        opened.remove(index);
        SearchIndex big = track(SearchIndex.create(home.resolve("big"), key, MODEL, 128, SearchIndex.Settings.DEFAULT));
        JobId job = JobId.random();
        List<IndexEntry> entries = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            entries.add(new IndexEntry(
                    job,
                    IndexFixtures.message(
                            "c", "s", LocalDateTime.of(2024, 1, 1, 0, 0).plusSeconds(i), "m" + i),
                    many.get(i)));
        }
        big.add(job, entries);
        double recall = 0;
        for (int q = 0; q < queries; q++) {
            float[] query = many.get(n + q);
            Integer[] order = new Integer[n];
            double[] exact = new double[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
                float[] v = many.get(i);
                double dot = 0;
                for (int d = 0; d < 128; d++) {
                    dot += query[d] * v[d];
                }
                exact[i] = dot;
            }
            Arrays.sort(
                    order, Comparator.comparingDouble((Integer i) -> exact[i]).reversed());
            Set<String> truth = new HashSet<>();
            for (int i = 0; i < 10; i++) {
                truth.add("m" + order[i]);
            }
            List<String> found = texts(
                    big.search(IndexQuery.of("q", query, 10, SearchMode.VECTOR).with(EXACT_VECTOR)));
            recall += found.stream().filter(truth::contains).count() / 10.0;
        }
        assertThat(recall / queries).isGreaterThanOrEqualTo(0.99);
    }

    @Test
    void damage_isDetected_atOpenOrOnTheLazyRead_neverServed() throws IOException {
        SearchIndex index = persistedWith(JobId.random(), 200, 5);
        index.close();
        opened.remove(index);
        List<Path> files;
        try (Stream<Path> list = Files.list(dir())) {
            files = list.filter(f -> !f.getFileName().toString().equals("lock"))
                    .sorted()
                    .toList();
        }
        for (Path file : files) {
            byte[] original = Files.readAllBytes(file);
            byte[] damaged = original.clone();
            damaged[damaged.length - 20] ^= 1;
            Files.write(file, damaged);
            String name = file.getFileName().toString();
            IndexOpening opening = open();
            if (name.endsWith(".t") || name.endsWith(".v")) {
                // Texts and vectors open chunk by chunk: the damaged chunk is found when first read.
                SearchIndex loaded = ((IndexOpening.Loaded) opening).index();
                assertThatThrownBy(() -> loaded.search(
                                new IndexQuery("number", vectors.get(199), 200, SearchMode.HYBRID, null, null)))
                        .as(name)
                        .isInstanceOf(IndexDamagedException.class);
            } else {
                assertThat(opening).as(name).isInstanceOf(IndexOpening.Damaged.class);
            }
            Files.write(file, original);
            Files.delete(file);
            assertThat(open()).as("without " + name).isInstanceOf(IndexOpening.Damaged.class);
            Files.write(file, original);
        }
        assertThat(SearchIndex.open(dir(), IndexFixtures.key(8), MODEL, DIMENSION, SearchIndex.Settings.DEFAULT))
                .isInstanceOf(IndexOpening.Damaged.class);
        assertThat(SearchIndex.open(dir(), key, "other:model", DIMENSION, SearchIndex.Settings.DEFAULT))
                .isInstanceOf(IndexOpening.Damaged.class);
        assertThat(open()).isInstanceOf(IndexOpening.Loaded.class);
        assertThat(SearchIndex.open(home.resolve("never"), key, MODEL, DIMENSION, SearchIndex.Settings.DEFAULT))
                .isInstanceOf(IndexOpening.Absent.class);
    }

    @Test
    void aCrashMidPersist_leavesTheOldStateWhole_andItsLeftoversAreRemoved() throws IOException {
        JobId a = JobId.random();
        SearchIndex index = persistedWith(a, 100, 1);
        Path before = home.resolve("before");
        copy(dir(), before);
        JobId b = JobId.random();
        index.add(b, IndexFixtures.entries(b, "Chat", "Bob", 100, vectors, 100));
        index.removeJob(a);
        index.persist(2);
        index.close();
        opened.remove(index);
        // What a kill -9 after the new files were written but before the manifest was replaced leaves: the old
        // manifest and files, the new files, and the new manifest under its temporary name.
        try (Stream<Path> list = Files.list(dir())) {
            for (Path file : list.toList()) {
                String name = file.getFileName().toString();
                if (!Files.exists(before.resolve(name))) {
                    Files.copy(file, before.resolve(name.equals("manifest") ? "manifest.new" : name));
                }
            }
        }
        SearchIndex old = track(
                ((IndexOpening.Loaded) SearchIndex.open(before, key, MODEL, DIMENSION, SearchIndex.Settings.DEFAULT))
                        .index());
        assertThat(old.cursor()).isEqualTo(1);
        assertThat(old.size()).isEqualTo(100);
        assertThat(old.hasJob(a)).isTrue();
        assertThat(old.hasJob(b)).isFalse();
        try (Stream<Path> list = Files.list(before)) {
            assertThat(list.map(p -> p.getFileName().toString()).toList()).doesNotContain("manifest.new");
        }
        assertThat(reopen().cursor()).isEqualTo(2);
    }

    @Test
    void noPlaintext_noTextTermNameOrVectorComponentAppearsInAnyFileOnDisk() throws IOException {
        SearchIndex index = create();
        JobId job = JobId.random();
        List<IndexEntry> entries = new ArrayList<>();
        List<String> canaries = new ArrayList<>();
        List<float[]> canaryVectors = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String word = "qzcanary" + (char) ('a' + i % 26) + "word" + i;
            canaries.add(word);
            float[] v = vectors.get(i).clone();
            v[0] = 0.123456789f + i * 1e-4f;
            canaryVectors.add(v);
            ChatMessage message = IndexFixtures.message(
                    "Chatqzcanary" + i,
                    "Senderqzcanary" + i,
                    LocalDateTime.of(2024, 1, 1, 0, 0).plusMinutes(i),
                    "secret " + word + " running jumping " + word.toUpperCase(Locale.ROOT));
            entries.add(new IndexEntry(job, message, v));
        }
        index.add(job, entries);
        index.persist(1);
        JobId more = JobId.random();
        index.add(more, IndexFixtures.entries(more, "Chat", "Ann", 100, vectors, 100));
        index.persist(2);
        index.close();
        opened.remove(index);

        List<byte[]> needles = new ArrayList<>();
        for (String word : canaries) {
            needles.add(word.getBytes(StandardCharsets.UTF_8));
            needles.add(word.getBytes(StandardCharsets.UTF_16LE));
            needles.add(word.getBytes(StandardCharsets.UTF_16BE));
        }
        needles.add("qzcanary".getBytes(StandardCharsets.UTF_8));
        needles.add("jump".getBytes(StandardCharsets.UTF_8));
        needles.add("secret".getBytes(StandardCharsets.UTF_8));
        needles.add("note number".getBytes(StandardCharsets.UTF_8));
        for (float[] v : canaryVectors) {
            for (ByteOrder order : new ByteOrder[] {ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN}) {
                needles.add(ByteBuffer.allocate(4).order(order).putFloat(v[0]).array());
                needles.add(ByteBuffer.allocate(8)
                        .order(order)
                        .putShort(Float.floatToFloat16(v[0]))
                        .putShort(Float.floatToFloat16(v[1]))
                        .putShort(Float.floatToFloat16(v[2]))
                        .putShort(Float.floatToFloat16(v[3]))
                        .array());
            }
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(home)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertThat(files).hasSizeGreaterThan(5);
        for (Path file : files) {
            byte[] bytes = Files.readAllBytes(file);
            for (byte[] needle : needles) {
                assertThat(indexOf(bytes, needle))
                        .as(file.getFileName() + " holds a canary")
                        .isEqualTo(-1);
            }
        }
        // And the canaries are really in there, sealed: the reopened index finds them.
        SearchIndex again = reopen();
        assertThat(texts(again.search(IndexQuery.of(canaries.get(3), canaryVectors.get(3), 1, SearchMode.KEYWORD))))
                .singleElement()
                .asString()
                .contains(canaries.get(3));
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> list = Files.list(from)) {
            for (Path file : list.toList()) {
                Files.copy(file, to.resolve(file.getFileName()));
            }
        }
    }
}
