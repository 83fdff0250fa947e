package dev.pvault.bench.jmh;

import dev.pvault.bench.BenchEmbedders;
import dev.pvault.bench.Corpus;
import dev.pvault.core.embed.Embedder;
import dev.pvault.core.embed.EmbeddingPurpose;
import dev.pvault.core.embed.Embeddings;
import dev.pvault.embed.onnx.OnnxEmbedders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Our embedder and LangChain4j's, side by side, over the size of an {@code embed} call. The primary score is
 * calls per second; the {@code messages} counter is messages per second, the figure to compare. Run (after
 * {@code ./mvnw -pl pv-bench -am package -DskipTests}):
 *
 * <pre>
 * java -cp "$(cat pv-bench/target/classpath.txt):pv-bench/target/pv-bench-0.1.0-SNAPSHOT.jar" \
 *     org.openjdk.jmh.Main EmbedderBenchmark
 * </pre>
 *
 * The corpus is {@code $PV_SHARED_DIR/bench/corpus-10k.txt} (or {@code -Dpv.shared.dir}) if present, else
 * generated chat-like messages; models are extracted into {@code ~/.cache/pvault} unless {@code PV_CACHE_DIR}
 * says otherwise.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx2g"})
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 6)
public class EmbedderBenchmark {
    private static final int CORPUS_SIZE = 2048;

    @Param({
        "onnx:all-minilm-l6-v2-q",
        "langchain4j:all-minilm-l6-v2-q",
        "onnx:all-minilm-l6-v2",
        "langchain4j:all-minilm-l6-v2"
    })
    public String embedder;

    @Param({"1", "32", "256"})
    public int batchSize;

    private Embedder model;
    private List<List<String>> batches;
    private int next;

    /** Messages embedded, reported per second next to the primary score. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Messages {
        public long messages;
    }

    @Setup(Level.Trial)
    public void open() {
        Corpus corpus = corpus();
        batches = new ArrayList<>();
        for (int from = 0; from + batchSize <= corpus.messages().size(); from += batchSize) {
            batches.add(corpus.messages().subList(from, from + batchSize));
        }
        Path cache = OnnxEmbedders.defaultCacheDir(System.getenv(), System.getProperty("user.home"));
        model = BenchEmbedders.open(embedder, OnnxEmbedders.Options.defaults(cache));
    }

    private static Corpus corpus() {
        String shared = System.getProperty("pv.shared.dir", System.getenv("PV_SHARED_DIR"));
        if (shared != null) {
            Path file = Path.of(shared, Corpus.SHARED_CORPUS);
            if (Files.isRegularFile(file)) {
                return Corpus.fromFile(file, CORPUS_SIZE);
            }
        }
        return Corpus.generated(CORPUS_SIZE);
    }

    @TearDown(Level.Trial)
    public void close() {
        model.close();
    }

    @Benchmark
    public Embeddings embedBatch(Messages counter) {
        List<String> batch = batches.get(next);
        next = (next + 1) % batches.size();
        counter.messages += batch.size();
        return model.embed(batch, EmbeddingPurpose.PASSAGE);
    }
}
