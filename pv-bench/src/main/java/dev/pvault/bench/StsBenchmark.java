package dev.pvault.bench;

import dev.pvault.core.UserException;
import dev.pvault.core.embed.Embedder;
import dev.pvault.core.embed.EmbeddingPurpose;
import dev.pvault.core.embed.Embeddings;
import dev.pvault.core.embed.VectorMath;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Semantic textual similarity (STS-B): how well the cosine of two sentences' vectors ranks pairs the way people
 * scored them. The sentences are embedded as passages, in calls of {@code batch} texts, exactly as the worker
 * embeds messages, so the figure holds for the batching that ships (it matters for int8 models, whose vectors
 * depend slightly on their batch-mates).
 */
public final class StsBenchmark {
    /** The STS-B dev split beside the checkout. */
    public static final String SHARED_DEV_SPLIT = "data/stsb/stsb-en-dev.csv";

    /** One scored pair. {@link #toString()} shows the score only. */
    public record Pair(String sentence1, String sentence2, double score) {
        @Override
        public String toString() {
            return "Pair[score=" + score + "]";
        }
    }

    /** The result of a run; Spearman is the figure the MTEB leaderboard reports. */
    public record Result(String embedder, int pairs, double spearman, double pearson, double seconds, int batch) {}

    private StsBenchmark() {}

    /** Scores {@code pairs} with {@code embedder}, embedding in calls of {@code batch} texts. */
    public static Result run(Embedder embedder, List<Pair> pairs, int batch) {
        if (pairs.size() < 2) {
            throw new UserException("STS needs at least 2 pairs, got " + pairs.size());
        }
        List<String> texts = new ArrayList<>(pairs.size() * 2);
        for (Pair pair : pairs) {
            texts.add(pair.sentence1());
            texts.add(pair.sentence2());
        }
        long start = System.nanoTime();
        List<float[]> vectors = new ArrayList<>(texts.size());
        for (int from = 0; from < texts.size(); from += batch) {
            Embeddings embeddings =
                    embedder.embed(texts.subList(from, Math.min(texts.size(), from + batch)), EmbeddingPurpose.PASSAGE);
            vectors.addAll(embeddings.vectors());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double[] cosines = new double[pairs.size()];
        double[] scores = new double[pairs.size()];
        for (int i = 0; i < pairs.size(); i++) {
            cosines[i] = VectorMath.cosine(vectors.get(2 * i), vectors.get(2 * i + 1));
            scores[i] = pairs.get(i).score();
        }
        return new Result(
                embedder.modelId(),
                pairs.size(),
                Correlation.spearman(cosines, scores),
                Correlation.pearson(cosines, scores),
                seconds,
                batch);
    }

    /** Reads {@code sentence1,sentence2,score} records, CSV-quoted, no header. */
    public static List<Pair> read(Path csv) {
        String content;
        try {
            content = Files.readString(csv, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UserException("cannot read STS file " + csv + ": " + e.getMessage(), e);
        }
        try {
            return parse(content);
        } catch (IllegalArgumentException e) {
            throw new UserException("STS file " + csv + ": " + e.getMessage(), e);
        }
    }

    /** Parses RFC 4180 CSV (quoted fields may hold commas, doubled quotes and line breaks) into pairs. */
    static List<Pair> parse(String content) {
        List<Pair> pairs = new ArrayList<>();
        List<String> fields = new ArrayList<>(3);
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean fieldStarted = false;
        int line = 1;
        int recordLine = 1;
        for (int i = 0; i < content.length(); i++) {
            char c = content.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < content.length() && content.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    field.append(c);
                }
            } else if (c == '"' && field.isEmpty()) {
                quoted = true;
                fieldStarted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
                fieldStarted = true;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < content.length() && content.charAt(i + 1) == '\n') {
                    i++;
                }
                if (fieldStarted || !field.isEmpty() || !fields.isEmpty()) {
                    fields.add(field.toString());
                    pairs.add(toPair(fields, recordLine));
                }
                fields.clear();
                field.setLength(0);
                fieldStarted = false;
                line++;
                recordLine = line;
            } else {
                field.append(c);
                fieldStarted = true;
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("line " + recordLine + ": unterminated quoted field");
        }
        if (fieldStarted || !field.isEmpty() || !fields.isEmpty()) {
            fields.add(field.toString());
            pairs.add(toPair(fields, recordLine));
        }
        return pairs;
    }

    private static Pair toPair(List<String> fields, int line) {
        if (fields.size() != 3) {
            throw new IllegalArgumentException(
                    "line " + line + ": expected 3 fields (sentence1,sentence2,score), found " + fields.size());
        }
        double score;
        try {
            score = Double.parseDouble(fields.get(2).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("line " + line + ": the score is not a number", e);
        }
        return new Pair(fields.get(0), fields.get(1), score);
    }
}
