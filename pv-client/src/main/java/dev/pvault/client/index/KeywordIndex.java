package dev.pvault.client.index;

import dev.pvault.core.InternalException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.LongPredicate;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.WordlistLoader;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.analysis.snowball.SnowballFilter;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.Collector;
import org.apache.lucene.search.CollectorManager;
import org.apache.lucene.search.FilterCollector;
import org.apache.lucene.search.FilterLeafCollector;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.LeafCollector;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopScoreDocCollector;
import org.apache.lucene.search.TopScoreDocCollectorManager;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexInput;
import org.apache.lucene.store.IndexOutput;
import org.apache.lucene.util.IOUtils;

/**
 * BM25 over the opened message texts (Lucene, k1 1.2, b 0.75), in memory. Its files are sealed to disk by {@link
 * SearchIndex} at each persist; Lucene writes each file once under a new name, so a persist seals only the new ones.
 *
 * <p>Two fields: {@code text}, English stopwords removed and (by default) Porter-stemmed, for ranking; {@code exact},
 * every word lower-cased and kept, for quoted phrases, which must occur word for word. Each document carries its
 * message's index sequence number ({@code seq}), the key {@link SearchIndex} maps hits by.
 */
final class KeywordIndex implements AutoCloseable {
    private static final String SEQ = "seq";
    private static final String ID = "id";
    private static final String JOB = "job";
    private static final String TEXT = "text";
    private static final String EXACT = "exact";

    private final ByteBuffersDirectory directory;
    private final Analyzer analyzer;
    private final IndexWriter writer;
    private DirectoryReader reader;
    private boolean changed;

    private KeywordIndex(ByteBuffersDirectory directory, Analysis analysis, boolean create) throws IOException {
        this.directory = directory;
        this.analyzer = analyzer(analysis);
        IndexWriterConfig config = new IndexWriterConfig(analyzer)
                .setOpenMode(create ? IndexWriterConfig.OpenMode.CREATE : IndexWriterConfig.OpenMode.APPEND)
                .setCommitOnClose(false);
        this.writer = new IndexWriter(directory, config);
        this.reader = DirectoryReader.open(writer);
    }

    /** How the ranking field is analysed; part of the index's identity (a change means a rebuild). */
    enum Analysis {
        /** Snowball's English stopwords, lower case, no stemming. */
        STOPWORDS,
        /** The same, then English possessives removed and Porter stemming ({@link EnglishAnalyzer}). */
        STOPWORDS_PORTER
    }

    private static Analyzer analyzer(Analysis analysis) {
        Analyzer ranking = new RankingAnalyzer(analysis == Analysis.STOPWORDS_PORTER);
        return new PerFieldAnalyzerWrapper(ranking, Map.of(EXACT, new StandardAnalyzer(CharArraySet.EMPTY_SET)));
    }

    /**
     * The ranking field's analysis: {@link EnglishAnalyzer}'s chain (standard tokens, possessives dropped, lower case,
     * stopwords, Porter), but with Snowball's English stopword list (174 words, question words such as "when", "what"
     * and "did" among them) instead of Lucene's 33. Questions are what people type; on LoCoMo the larger list measured
     * better (docs/SEARCH.md).
     */
    private static final class RankingAnalyzer extends Analyzer {
        private static final CharArraySet STOPWORDS = snowballEnglish();
        private final boolean stem;

        RankingAnalyzer(boolean stem) {
            this.stem = stem;
        }

        @Override
        protected TokenStreamComponents createComponents(String fieldName) {
            StandardTokenizer source = new StandardTokenizer();
            TokenStream result = new EnglishPossessiveFilter(source);
            result = new LowerCaseFilter(result);
            result = new StopFilter(result, STOPWORDS);
            if (stem) {
                result = new PorterStemFilter(result);
            }
            return new TokenStreamComponents(source, result);
        }

        @Override
        protected TokenStream normalize(String fieldName, TokenStream in) {
            return new LowerCaseFilter(in);
        }

        private static CharArraySet snowballEnglish() {
            try {
                return CharArraySet.unmodifiableSet(WordlistLoader.getSnowballWordSet(IOUtils.getDecodingReader(
                        SnowballFilter.class.getResourceAsStream("english_stop.txt"), StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new InternalException("Lucene's English stopword list is missing from its jar", e);
            }
        }
    }

    static KeywordIndex create(Analysis analysis) {
        try {
            return new KeywordIndex(new ByteBuffersDirectory(), analysis, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The index from the files of its last commit (Lucene checks each file's checksum as it opens it). */
    static KeywordIndex restore(Map<String, byte[]> files, Analysis analysis) {
        ByteBuffersDirectory directory = new ByteBuffersDirectory();
        try {
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                try (IndexOutput out = directory.createOutput(file.getKey(), IOContext.DEFAULT)) {
                    out.writeBytes(file.getValue(), file.getValue().length);
                }
            }
            return new KeywordIndex(directory, analysis, false);
        } catch (IOException | RuntimeException e) {
            throw new IndexDamagedException(
                    "the keyword index does not open: " + e.getClass().getSimpleName(), e);
        }
    }

    void add(long seq, String id, String job, String text) {
        Document document = new Document();
        document.add(new NumericDocValuesField(SEQ, seq));
        document.add(new StringField(ID, id, Field.Store.NO));
        document.add(new StringField(JOB, job, Field.Store.NO));
        document.add(new TextField(TEXT, text, Field.Store.NO));
        document.add(new TextField(EXACT, text, Field.Store.NO));
        try {
            writer.addDocument(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        changed = true;
    }

    void deleteJob(String job) {
        delete(new Term(JOB, job));
    }

    void deleteId(String id) {
        delete(new Term(ID, id));
    }

    private void delete(Term term) {
        try {
            writer.deleteDocuments(term);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        changed = true;
    }

    /** Commits, and returns the names of the files that make up the commit (segments_N included). */
    Collection<String> commit() {
        try {
            writer.commit();
            return SegmentInfos.readLatestCommit(directory).files(true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    byte[] file(String name) {
        try (IndexInput in = directory.openInput(name, IOContext.READONCE)) {
            byte[] bytes = new byte[Math.toIntExact(in.length())];
            in.readBytes(bytes, 0, bytes.length);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int liveDocs() {
        return searcher().getIndexReader().numDocs();
    }

    /** A scored keyword hit: the message's sequence number and its BM25 score. */
    record Scored(long seq, double score) {}

    /**
     * The best {@code n} messages for {@code query} among those {@code accept} takes, by BM25; every quoted phrase of
     * the query must occur. Filtering happens while collecting, so {@code n} come back whenever {@code n} match.
     */
    List<Scored> search(QueryText query, LongPredicate accept, int n) {
        Query lucene = query(query);
        if (lucene == null) {
            return List.of();
        }
        return collect(lucene, accept, n);
    }

    /** The sequence numbers of the messages holding every quoted phrase of {@code query}. */
    List<Scored> phraseMatches(QueryText query, LongPredicate accept) {
        BooleanQuery.Builder all = new BooleanQuery.Builder();
        for (String phrase : query.phrases()) {
            all.add(phrase(phrase), BooleanClause.Occur.FILTER);
        }
        IndexSearcher searcher = searcher();
        int max = Math.max(1, searcher.getIndexReader().maxDoc());
        return collect(all.build(), accept, max);
    }

    private Query query(QueryText query) {
        BooleanQuery.Builder builder = new BooleanQuery.Builder();
        int clauses = 0;
        for (String term : terms(TEXT, query.words())) {
            builder.add(new TermQuery(new Term(TEXT, term)), BooleanClause.Occur.SHOULD);
            clauses++;
        }
        for (String phrase : query.phrases()) {
            Query phraseQuery = phrase(phrase);
            builder.add(phraseQuery, BooleanClause.Occur.MUST);
            clauses++;
        }
        return clauses == 0 ? null : builder.build();
    }

    private Query phrase(String phrase) {
        List<String> words = terms(EXACT, phrase);
        if (words.isEmpty()) {
            // Punctuation only: nothing can match it word for word.
            return new TermQuery(new Term(EXACT, "\u0000"));
        }
        return words.size() == 1
                ? new TermQuery(new Term(EXACT, words.getFirst()))
                : new PhraseQuery(EXACT, words.toArray(String[]::new));
    }

    private List<String> terms(String field, String text) {
        List<String> terms = new ArrayList<>();
        try (TokenStream stream = analyzer.tokenStream(field, text)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                terms.add(term.toString());
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return terms;
    }

    private List<Scored> collect(Query query, LongPredicate accept, int n) {
        IndexSearcher searcher = searcher();
        TopScoreDocCollectorManager top = new TopScoreDocCollectorManager(Math.max(1, n), Integer.MAX_VALUE);
        List<TopScoreDocCollector> collectors = new ArrayList<>();
        CollectorManager<Collector, TopDocs> filtered = new CollectorManager<>() {
            @Override
            public Collector newCollector() throws IOException {
                TopScoreDocCollector collector = top.newCollector();
                collectors.add(collector);
                return new AcceptingCollector(collector, accept);
            }

            @Override
            public TopDocs reduce(Collection<Collector> ignored) throws IOException {
                return top.reduce(collectors);
            }
        };
        try {
            TopDocs docs = searcher.search(query, filtered);
            List<Scored> scored = new ArrayList<>(docs.scoreDocs.length);
            List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
            for (ScoreDoc doc : docs.scoreDocs) {
                LeafReaderContext leaf = leaves.get(org.apache.lucene.index.ReaderUtil.subIndex(doc.doc, leaves));
                NumericDocValues seqs = leaf.reader().getNumericDocValues(SEQ);
                if (seqs == null || !seqs.advanceExact(doc.doc - leaf.docBase)) {
                    throw new InternalException("a keyword document has no sequence number");
                }
                scored.add(new Scored(seqs.longValue(), doc.score));
            }
            return scored;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Passes on only the documents whose sequence number {@code accept} takes. */
    private static final class AcceptingCollector extends FilterCollector {
        private final LongPredicate accept;

        AcceptingCollector(Collector in, LongPredicate accept) {
            super(in);
            this.accept = accept;
        }

        @Override
        public LeafCollector getLeafCollector(LeafReaderContext context) throws IOException {
            NumericDocValues seqs = context.reader().getNumericDocValues(SEQ);
            LeafCollector leaf = super.getLeafCollector(context);
            return new FilterLeafCollector(leaf) {
                @Override
                public void collect(int doc) throws IOException {
                    if (seqs != null && seqs.advanceExact(doc) && accept.test(seqs.longValue())) {
                        in.collect(doc);
                    }
                }
            };
        }
    }

    private synchronized IndexSearcher searcher() {
        if (changed) {
            try {
                DirectoryReader newer = DirectoryReader.openIfChanged(reader, writer);
                if (newer != null) {
                    reader.close();
                    reader = newer;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            changed = false;
        }
        return new IndexSearcher(reader);
    }

    @Override
    public void close() {
        try {
            reader.close();
            writer.rollback();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
