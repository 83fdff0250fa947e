package dev.pvault.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pvault.embed.onnx.OnnxEmbedders;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class EmbedBenchmarkIT {

    @Test
    void run_measuresBothEmbeddersOverTheWholeCorpus() {
        EmbedBenchmark.Settings settings = new EmbedBenchmark.Settings(
                "onnx:all-minilm-l6-v2-q",
                "langchain4j:all-minilm-l6-v2-q",
                () -> Corpus.generated(60),
                25,
                10,
                OnnxEmbedders.Options.defaults(Path.of("target", "model-cache").toAbsolutePath()));

        EmbedBenchmark.Report report = EmbedBenchmark.run(settings);

        EmbedBenchmark.Measurement ours = report.measured();
        EmbedBenchmark.Measurement theirs = report.baseline();
        assertThat(ours.embedder()).isEqualTo("onnx:all-minilm-l6-v2-q");
        assertThat(theirs.embedder()).isEqualTo("langchain4j:all-minilm-l6-v2-q");
        assertThat(ours.messages()).isEqualTo(60);
        assertThat(theirs.messages()).isEqualTo(60);
        // Both count [CLS] and [SEP]; no generated message reaches LangChain4j's 128-token cut.
        assertThat(ours.tokens()).isEqualTo(theirs.tokens()).isGreaterThan(60 * 3);
        assertThat(ours.seconds()).isPositive();
        assertThat(ours.coldStartMs()).isPositive();
        assertThat(theirs.coldStartMs()).isNull();
        assertThat(ours.tokenBudget()).isEqualTo(OnnxEmbedders.DEFAULT_TOKEN_BUDGET);
        // Runs group texts of one token count only: no padding.
        assertThat(ours.paddedTokens()).isEqualTo(ours.tokens());
        assertThat(ours.runs()).isPositive();
        assertThat(theirs.paddedTokens()).isNull();
        assertThat(report.speedup()).isEqualTo(ours.messagesPerSecond() / theirs.messagesPerSecond());
        assertThat(report.peakRssMiB()).isPositive();
        assertThat(report.batch()).isEqualTo(25);
    }
}
