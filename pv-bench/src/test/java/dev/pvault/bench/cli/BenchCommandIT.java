package dev.pvault.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pvault.cli.Main;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pvault bench} end to end on the real int8 model, with small inputs. */
class BenchCommandIT {
    private static final String CACHE =
            Path.of("target", "model-cache").toAbsolutePath().toString();

    private final CliRun cli = new CliRun();
    private final StringWriter out = cli.out;
    private final StringWriter err = cli.err;

    @TempDir
    Path temp;

    private int run(String... args) {
        return cli.run(args);
    }

    @Test
    void embed_printsOneJsonObjectWithTheAgreedFields() throws Exception {
        Path corpus = Files.writeString(temp.resolve("corpus.txt"), "hello there\nare you coming?\nok 👍\n");

        int code = run(
                "bench",
                "embed",
                "--embedder",
                "onnx:all-minilm-l6-v2-q",
                "--messages",
                "30",
                "--corpus",
                corpus.toString(),
                "--batch",
                "10",
                "--warmup",
                "10",
                "--cache-dir",
                CACHE,
                "--json");

        assertThat(code).as(err.toString()).isEqualTo(Main.EXIT_OK);
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.get("embedder").asText()).isEqualTo("onnx:all-minilm-l6-v2-q");
        assertThat(json.get("messages").asInt()).isEqualTo(30);
        // [CLS] hello there [SEP], [CLS] are you coming ? [SEP], [CLS] ok [UNK] [SEP]: 4 + 6 + 4, ten times.
        assertThat(json.get("tokens").asLong()).isEqualTo(140);
        for (String field : new String[] {"seconds", "msgs_per_s", "tokens_per_s", "cold_start_ms", "peak_rss_mb"}) {
            assertThat(json.get(field).asDouble()).as(field).isPositive();
        }
        assertThat(json.get("threads").asInt()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(json.get("corpus").asText()).isEqualTo(corpus.toString());
    }

    @Test
    void sts_printsSpearmanPearsonAndPairs() throws Exception {
        Path csv = Files.writeString(temp.resolve("sts.csv"), """
                A man is playing a guitar.,A man plays the guitar.,5.0
                A woman is slicing an onion.,Someone is cutting an onion.,4.2
                A dog runs in the park.,The stock market fell today.,0.0
                "Well, it rains.",It is raining.,3.8
                """);

        int code = run(
                "bench",
                "sts",
                "--file",
                csv.toString(),
                "--embedder",
                "onnx:all-minilm-l6-v2-q",
                "--cache-dir",
                CACHE,
                "--json");

        assertThat(code).as(err.toString()).isEqualTo(Main.EXIT_OK);
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.get("pairs").asInt()).isEqualTo(4);
        assertThat(json.get("spearman").asDouble()).isBetween(-1.0, 1.0);
        assertThat(json.get("pearson").asDouble()).isBetween(-1.0, 1.0);
        assertThat(json.get("embedder").asText()).isEqualTo("onnx:all-minilm-l6-v2-q");
    }

    @Test
    void missingFilesAreOneLineUserErrors() {
        assertThat(run("bench", "embed", "--corpus", temp.resolve("none.txt").toString()))
                .isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(run("bench", "sts", "--file", temp.resolve("none.csv").toString(), "--cache-dir", CACHE))
                .isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(run("bench", "embed", "--embedder", "onnx:nope", "--cache-dir", CACHE, "--messages", "1"))
                .isEqualTo(Main.EXIT_USER_ERROR);

        assertThat(err.toString().lines())
                .containsExactly(
                        "pvault: corpus file " + temp.resolve("none.txt") + " does not exist",
                        "pvault: STS file " + temp.resolve("none.csv") + " does not exist",
                        "pvault: unknown embedder 'onnx:nope': known are onnx:all-minilm-l6-v2, onnx:all-minilm-l6-v2-q,"
                                + " onnx:bge-small-en-v1.5-q, or onnx:/path/to/model-folder");
    }
}
