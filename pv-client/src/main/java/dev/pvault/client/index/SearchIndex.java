package dev.pvault.client.index;

import dev.pvault.core.InternalException;
import dev.pvault.core.UnavailableException;
import dev.pvault.core.model.ChatMessage;
import dev.pvault.core.model.JobId;
import dev.pvault.core.model.MessageId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The client's search index over the user's opened messages: vectors and BM25, sealed at rest under the user's {@link
 * IndexKey}, kept in a folder of the vault home.
 *
 * <p>Use: {@link #open} the folder; on {@link IndexOpening.Absent} or {@link IndexOpening.Damaged} {@link #create}
 * one. Sync from {@link #cursor()}: {@link #add} the entries of each job stored since, {@link #removeJob} deleted jobs,
 * then {@link #persist} with the new cursor. {@link #search} any time (thread-safe; writers wait for searches).
 *
 * <p>Design. Messages live in segments (one per persist, merged as they accumulate, see {@link Segment}); a query
 * ranks every live message by the Hamming distance of one-bit codes, rescores the best {@link Ranking#candidates()}
 * by the exact cosine with their half-precision vectors, and fuses that ranking with Lucene's BM25. Filters and quoted
 * phrases are applied while ranking, never after. A persist writes only new files, each sealed once under a fresh
 * name, then replaces the manifest atomically and deletes what it no longer names: a crash at any point leaves the old
 * state or the new one. Anything that fails to authenticate, or does not add up, is reported as damage (at open, or as
 * {@link IndexDamagedException} from a later lazy read), never served.
 */
public final class SearchIndex implements AutoCloseable {
    private static final String LOCK = "lock";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    /**
     * Settings that decide the index's contents: a change of {@code stemming} means a rebuild (open reports Damaged).
     * {@code cipher} seals new files; files sealed with the other one still open.
     */
    public record Settings(boolean stemming, IndexCipher cipher) {
        public static final Settings DEFAULT = new Settings(true, IndexCipher.CHACHA20_POLY1305);

        KeywordIndex.Analysis analysis() {
            return stemming ? KeywordIndex.Analysis.STOPWORDS_PORTER : KeywordIndex.Analysis.STOPWORDS;
        }
    }

    private final Path dir;
    private final IndexKey key;
    private final String model;
    private final int dimension;
    private final Settings settings;
    private final KeywordIndex keyword;
    private final List<Segment> segments;
    private final Map<String, String> keywordFiles;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private long cursor;
    private long nextSeq;
    /** Fixed by the first add (the mean of its vectors) and kept: every stored code was taken against it. */
    private float[] centre;
    /** Message id to sequence number of every live message; built on the first change after open. */
    private Map<MessageId, Long> seqById;
    /** Each live message's neighbours in its chat, by time; built on the first search that asks for context. */
    private Neighbours neighbours;

    private SearchIndex(
            Path dir,
            IndexKey key,
            String model,
            int dimension,
            Settings settings,
            KeywordIndex keyword,
            List<Segment> segments,
            Map<String, String> keywordFiles,
            long cursor,
            long nextSeq,
            float[] centre) {
        this.dir = dir;
        this.key = key;
        this.model = model;
        this.dimension = dimension;
        this.settings = settings;
        this.keyword = keyword;
        this.segments = segments;
        this.keywordFiles = keywordFiles;
        this.cursor = cursor;
        this.nextSeq = nextSeq;
        this.centre = centre;
    }

    /**
     * A new, empty index for {@code model}'s vectors in {@code dir}, replacing whatever the folder held (a damaged or
     * outdated index). Nothing is written until {@link #persist}. The index uses {@code key} until closed; the caller
     * keeps it open as long.
     */
    public static SearchIndex create(Path dir, IndexKey key, String model, int dimension, Settings settings) {
        try {
            Files.createDirectories(dir);
            try (FileChannel channel = lockChannel(dir);
                    FileLock ignored = channel.lock()) {
                deleteAllBut(dir, Set.of(LOCK));
            }
        } catch (IOException e) {
            throw new UnavailableException("cannot prepare the index folder " + dir + ": " + e.getMessage(), e);
        }
        return new SearchIndex(
                dir,
                key,
                model,
                dimension,
                settings,
                KeywordIndex.create(settings.analysis()),
                new ArrayList<>(),
                new LinkedHashMap<>(),
                0,
                0,
                null);
    }

    /** The index last persisted in {@code dir}, if there is one and it is whole, for this model and settings. */
    public static IndexOpening open(Path dir, IndexKey key, String model, int dimension, Settings settings) {
        Path manifestFile = dir.resolve(Manifest.FILE);
        if (!Files.isRegularFile(manifestFile)) {
            return holdsIndexFiles(dir)
                    ? new IndexOpening.Damaged("the index manifest is missing")
                    : new IndexOpening.Absent();
        }
        List<Segment> segments = new ArrayList<>();
        try {
            Manifest manifest = Manifest.decode(SealedFile.readAll(manifestFile, Manifest.FILE, key));
            String mismatch = mismatch(manifest, model, dimension, settings);
            if (mismatch != null) {
                return new IndexOpening.Damaged(mismatch);
            }
            int live = 0;
            for (Manifest.SegmentRef ref : manifest.segments()) {
                BitSet dead = new BitSet(ref.rows());
                for (int row : ref.dead()) {
                    dead.set(row);
                }
                Segment segment = Segment.load(dir, ref.name(), dimension, key, dead);
                segments.add(segment);
                if (segment.count() != ref.rows()) {
                    throw new IndexDamagedException("segment " + ref.name() + " holds " + segment.count()
                            + " rows, the manifest says " + ref.rows());
                }
                live += segment.live();
            }
            Map<String, byte[]> files = new HashMap<>();
            for (Map.Entry<String, String> file : manifest.keyword().entrySet()) {
                files.put(file.getKey(), SealedFile.readAll(dir.resolve(file.getValue()), file.getValue(), key));
            }
            KeywordIndex keyword = KeywordIndex.restore(files, settings.analysis());
            if (keyword.liveDocs() != live) {
                keyword.close();
                throw new IndexDamagedException(
                        "the keyword index holds " + keyword.liveDocs() + " messages, the segments " + live);
            }
            SearchIndex index = new SearchIndex(
                    dir,
                    key,
                    model,
                    dimension,
                    settings,
                    keyword,
                    segments,
                    new LinkedHashMap<>(manifest.keyword()),
                    manifest.cursor(),
                    manifest.nextSeq(),
                    manifest.centre());
            index.collectGarbage();
            return new IndexOpening.Loaded(index);
        } catch (IndexDamagedException e) {
            segments.forEach(Segment::close);
            return new IndexOpening.Damaged(e.getMessage());
        }
    }

    /** Whether {@code dir} holds sealed files of an index (a crashed first persist leaves only these). */
    private static boolean holdsIndexFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "{s-,k-}*")) {
            return files.iterator().hasNext();
        } catch (IOException e) {
            throw new UnavailableException("cannot list the index folder " + dir + ": " + e.getMessage(), e);
        }
    }

    private static String mismatch(Manifest manifest, String model, int dimension, Settings settings) {
        if (manifest.version() != Manifest.VERSION) {
            return "the index is of format " + manifest.version() + ", this build reads " + Manifest.VERSION;
        }
        if (!manifest.model().equals(model) || manifest.dimension() != dimension) {
            return "the index holds vectors of " + manifest.model() + " (" + manifest.dimension() + "), not " + model;
        }
        if (!manifest.analysis().equals(settings.analysis().name())) {
            return "the index was built with analysis " + manifest.analysis() + ", not " + settings.analysis();
        }
        return null;
    }

    /** The cursor given to the last {@link #persist} (0 for a new index). */
    public long cursor() {
        return cursor;
    }

    public String model() {
        return model;
    }

    /** How many messages the index holds. */
    public int size() {
        lock.readLock().lock();
        try {
            int live = 0;
            for (Segment segment : segments) {
                live += segment.live();
            }
            return live;
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Adds the messages of one job. A message already in the index (same id, from this job or another) is replaced, so
     * syncing the same job twice changes nothing. Searchable at once; on disk after {@link #persist}.
     */
    public void add(JobId job, List<IndexEntry> entries) {
        lock.writeLock().lock();
        try {
            Map<MessageId, Long> ids = seqById();
            SegmentRows rows = new SegmentRows(dimension);
            long[] code = new long[VectorCodes.words(dimension)];
            Set<MessageId> inThisCall = new HashSet<>();
            for (IndexEntry entry : entries) {
                if (entry.vector().length != dimension) {
                    throw new InternalException("message " + entry.message().id() + " has a " + entry.vector().length
                            + "-dimensional vector, the index " + dimension);
                }
            }
            if (centre == null && !entries.isEmpty()) {
                List<float[]> units = new ArrayList<>(entries.size());
                for (IndexEntry entry : entries) {
                    units.add(VectorCodes.normalised(entry.vector()));
                }
                centre = VectorCodes.mean(units, dimension);
            }
            for (IndexEntry entry : entries) {
                if (!entry.job().equals(job)) {
                    throw new InternalException("entry of job " + entry.job() + " added as job " + job);
                }
                ChatMessage message = entry.message();
                if (!inThisCall.add(message.id())) {
                    continue;
                }
                Long old = ids.get(message.id());
                if (old != null) {
                    markDead(old);
                    keyword.deleteId(message.id().hex());
                }
                float[] unit = VectorCodes.normalised(entry.vector());
                VectorCodes.encode(VectorCodes.centred(unit, centre), code, 0);
                long seq = nextSeq++;
                rows.add(
                        seq,
                        message.id().bytes(),
                        job,
                        message.chat(),
                        message.sender(),
                        message.zone() == null ? null : message.zone().getId(),
                        (byte) message.kind().ordinal(),
                        message.time().toEpochSecond(ZoneOffset.UTC),
                        message.text().getBytes(StandardCharsets.UTF_8),
                        VectorCodes.toHalf(unit),
                        code,
                        0);
                ids.put(message.id(), seq);
                keyword.add(seq, message.id().hex(), job.toString(), message.text());
            }
            if (rows.count > 0) {
                segments.add(Segment.inMemory(rows));
            }
            neighbours = null;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Removes every message of {@code job} (a deleted chat or import); on disk after {@link #persist}. */
    public void removeJob(JobId job) {
        lock.writeLock().lock();
        try {
            Map<MessageId, Long> ids = seqById();
            for (Segment segment : segments) {
                SegmentRows rows = segment.rows;
                for (int row = 0; row < rows.count; row++) {
                    if (!segment.dead.get(row) && rows.jobs[row].equals(job)) {
                        segment.dead.set(row);
                        ids.remove(MessageId.of(Arrays.copyOfRange(rows.ids, row * 16, row * 16 + 16)));
                    }
                }
            }
            keyword.deleteJob(job.toString());
            neighbours = null;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Whether any message of {@code job} is in the index. */
    public boolean hasJob(JobId job) {
        lock.readLock().lock();
        try {
            for (Segment segment : segments) {
                for (int row = 0; row < segment.rows.count; row++) {
                    if (!segment.dead.get(row) && segment.rows.jobs[row].equals(job)) {
                        return true;
                    }
                }
            }
            return false;
        } finally {
            lock.readLock().unlock();
        }
    }

    private Map<MessageId, Long> seqById() {
        if (seqById == null) {
            Map<MessageId, Long> ids = new HashMap<>();
            for (Segment segment : segments) {
                SegmentRows rows = segment.rows;
                for (int row = 0; row < rows.count; row++) {
                    if (!segment.dead.get(row)) {
                        ids.put(MessageId.of(Arrays.copyOfRange(rows.ids, row * 16, row * 16 + 16)), rows.seqs[row]);
                    }
                }
            }
            seqById = ids;
        }
        return seqById;
    }

    private void markDead(long seq) {
        long position = position(seq);
        if (position >= 0) {
            segments.get(segmentOf(position)).dead.set(rowOf(position));
        }
    }

    /**
     * Writes what changed since the last persist and records {@code newCursor}; on return the state is on disk. A crash
     * during it leaves the previous state (and cursor), which the next open finds whole.
     */
    public void persist(long newCursor) {
        lock.writeLock().lock();
        try (FileChannel channel = lockChannel(dir);
                FileLock ignored = channel.lock()) {
            List<Segment> retired = new ArrayList<>();
            sealNewRows(retired);
            mergeTail(retired);
            Map<String, String> files = new LinkedHashMap<>();
            for (String name : keyword.commit()) {
                String sealed = keywordFiles.get(name);
                if (sealed == null) {
                    sealed = freshName("k-");
                    SealedFile.write(dir.resolve(sealed), sealed, key, settings.cipher(), 1 << 20, keyword.file(name));
                }
                files.put(name, sealed);
            }
            List<Manifest.SegmentRef> refs = new ArrayList<>();
            for (Segment segment : segments) {
                refs.add(new Manifest.SegmentRef(
                        segment.name(), segment.count(), segment.dead.stream().toArray()));
            }
            Manifest manifest = new Manifest(
                    Manifest.VERSION,
                    model,
                    dimension,
                    settings.analysis().name(),
                    newCursor,
                    nextSeq,
                    centre,
                    refs,
                    files);
            writeManifest(manifest);
            keywordFiles.clear();
            keywordFiles.putAll(files);
            cursor = newCursor;
            retired.forEach(Segment::close);
            deleteAllBut(dir, referenced());
        } catch (IOException e) {
            throw new UnavailableException("cannot persist the index in " + dir + ": " + e.getMessage(), e);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** The rows added since the last persist, in one new segment (they are the tail of the list). */
    private void sealNewRows(List<Segment> retired) {
        int first = segments.size();
        while (first > 0 && segments.get(first - 1).name() == null) {
            first--;
        }
        if (first < segments.size()) {
            replace(first, segments.size(), retired);
        }
    }

    /**
     * Merges the newest segments while the one before the last holds at most twice the live rows of the last, so sizes
     * grow geometrically and each row is rewritten O(log n) times; drops segments with no live rows.
     */
    private void mergeTail(List<Segment> retired) {
        segments.removeIf(segment -> {
            if (segment.live() == 0) {
                retired.add(segment);
                return true;
            }
            return false;
        });
        while (segments.size() >= 2) {
            int last = segments.size() - 1;
            if (segments.get(last - 1).live() > 2 * segments.get(last).live()) {
                break;
            }
            replace(last - 1, last + 1, retired);
        }
    }

    /** Replaces segments [from, to) by one persisted segment of their live rows. */
    private void replace(int from, int to, List<Segment> retired) {
        SegmentRows merged = new SegmentRows(dimension);
        for (Segment segment : segments.subList(from, to)) {
            SegmentRows rows = segment.rows;
            for (int row = 0; row < rows.count; row++) {
                if (segment.dead.get(row)) {
                    continue;
                }
                merged.add(
                        rows.seqs[row],
                        Arrays.copyOfRange(rows.ids, row * 16, row * 16 + 16),
                        rows.jobs[row],
                        rows.chats[row],
                        rows.senders[row],
                        rows.zones[row],
                        rows.kinds[row],
                        rows.times[row],
                        segment.textBytes(row),
                        segment.vectorHalf(row),
                        rows.codes,
                        row * rows.words);
            }
        }
        List<Segment> old = new ArrayList<>(segments.subList(from, to));
        segments.subList(from, to).clear();
        retired.addAll(old);
        if (merged.count > 0) {
            Segment segment = Segment.inMemory(merged);
            segment.persist(dir, freshName("s-"), key, settings.cipher());
            segments.add(from, segment);
        }
        neighbours = null;
    }

    private void writeManifest(Manifest manifest) throws IOException {
        Path temporary = dir.resolve(Manifest.FILE + ".new");
        Files.deleteIfExists(temporary);
        SealedFile.write(temporary, Manifest.FILE, key, settings.cipher(), 1 << 20, manifest.encode());
        try {
            Files.move(
                    temporary,
                    dir.resolve(Manifest.FILE),
                    StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new UnavailableException("the file system of " + dir + " cannot replace a file atomically", e);
        }
        // The rename is durable only once the folder itself is forced (Linux; elsewhere this may be refused).
        try (FileChannel folder = FileChannel.open(dir, StandardOpenOption.READ)) {
            folder.force(true);
        } catch (IOException e) {
            // Not every platform opens a folder as a channel; the rename is still atomic.
        }
    }

    private Set<String> referenced() {
        Set<String> names = new HashSet<>();
        names.add(Manifest.FILE);
        names.add(LOCK);
        for (Segment segment : segments) {
            names.add(segment.name() + ".c");
            names.add(segment.name() + ".t");
            names.add(segment.name() + ".v");
        }
        names.addAll(keywordFiles.values());
        return names;
    }

    /** Deletes what a crashed persist left, when no other process is persisting into the folder. */
    private void collectGarbage() {
        try (FileChannel channel = lockChannel(dir);
                FileLock held = channel.tryLock()) {
            if (held != null) {
                deleteAllBut(dir, referenced());
            }
        } catch (IOException | java.nio.channels.OverlappingFileLockException e) {
            // Leftovers stay until a later open or persist; they are never read.
        }
    }

    private static FileChannel lockChannel(Path dir) throws IOException {
        return FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    }

    private static void deleteAllBut(Path dir, Set<String> keep) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                if (!keep.contains(file.getFileName().toString()) && Files.isRegularFile(file)) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    private static String freshName(String prefix) {
        byte[] random = new byte[12];
        RANDOM.nextBytes(random);
        return prefix + HEX.formatHex(random);
    }

    /**
     * The best {@code query.k()} messages for {@code query} among those its filter and phrases accept; fewer only when
     * fewer match. Throws {@link IndexDamagedException} if a sealed chunk it needs no longer authenticates.
     */
    public List<IndexHit> search(IndexQuery query) {
        lock.readLock().lock();
        try {
            return new Ranker(this, query).run();
        } catch (UncheckedIOException e) {
            throw new InternalException(
                    "the keyword index failed: " + e.getCause().getClass().getSimpleName(), e);
        } finally {
            lock.readLock().unlock();
        }
    }

    // ---- what the ranker reads (under the read lock) ----

    List<Segment> segments() {
        return segments;
    }

    KeywordIndex keyword() {
        return keyword;
    }

    int dimension() {
        return dimension;
    }

    float[] centre() {
        return centre;
    }

    synchronized Neighbours neighbours() {
        if (neighbours == null) {
            neighbours = Neighbours.of(segments);
        }
        return neighbours;
    }

    /** The position (segment << 32 | row) of the live message with sequence number {@code seq}, or -1. */
    long position(long seq) {
        int low = 0;
        int high = segments.size() - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            Segment segment = segments.get(mid);
            if (segment.count() == 0 || segment.firstSeq() > seq) {
                high = mid - 1;
            } else if (segment.rows.seqs[segment.count() - 1] < seq) {
                low = mid + 1;
            } else {
                int row = segment.rowOfSeq(seq);
                return row < 0 || segment.dead.get(row) ? -1 : ((long) mid << 32) | row;
            }
        }
        return -1;
    }

    static int segmentOf(long position) {
        return (int) (position >>> 32);
    }

    static int rowOf(long position) {
        return (int) position;
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            keyword.close();
            segments.forEach(Segment::close);
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public String toString() {
        return "SearchIndex[" + dir + ", model=" + model + ", segments=" + segments.size() + ", cursor=" + cursor + "]";
    }
}
