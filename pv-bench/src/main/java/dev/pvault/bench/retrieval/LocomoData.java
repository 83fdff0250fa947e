package dev.pvault.bench.retrieval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pvault.core.UserException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The LoCoMo retrieval data as the shared folder holds it (its README): per conversation {@code locomo-ID.jsonl}, one
 * turn a line, and {@code locomo-ID.qrels.json}, the questions with the turns that answer them. Read at run time only;
 * nothing of it is kept in the repository.
 */
record LocomoData(List<Conversation> conversations) {
    private static final ObjectMapper JSON = new ObjectMapper();

    record Turn(String chat, String sender, LocalDateTime time, String text) {
        @Override
        public String toString() {
            return "Turn[" + time + ", redacted]";
        }
    }

    /** A scored question: category 1-4 and at least one evidence turn (indexes into the conversation's turns). */
    record Question(String qid, String text, int category, List<Integer> evidence) {
        @Override
        public String toString() {
            return "Question[" + qid + ", category " + category + "]";
        }
    }

    record Conversation(String name, List<Turn> turns, List<Question> questions, int unscored) {}

    static LocomoData read(Path dir) {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "locomo-*.jsonl")) {
            stream.forEach(files::add);
        } catch (IOException e) {
            throw new UserException("cannot read the LoCoMo folder " + dir + ": " + e.getMessage(), e);
        }
        if (files.isEmpty()) {
            throw new UserException("no locomo-*.jsonl files in " + dir);
        }
        files.sort(null);
        List<Conversation> conversations = new ArrayList<>();
        for (Path file : files) {
            conversations.add(conversation(file));
        }
        return new LocomoData(conversations);
    }

    private static Conversation conversation(Path jsonl) {
        String base = jsonl.getFileName().toString().replace(".jsonl", "");
        try {
            List<Turn> turns = new ArrayList<>();
            Map<String, Integer> byKey = new HashMap<>();
            for (String line : Files.readAllLines(jsonl, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node = JSON.readTree(line);
                Turn turn = new Turn(
                        node.get("chat").asText(),
                        node.get("sender").asText(),
                        LocalDateTime.parse(node.get("time").asText()),
                        node.get("text").asText());
                byKey.putIfAbsent(key(turn.sender(), node.get("time").asText(), turn.text()), turns.size());
                turns.add(turn);
            }
            List<Question> questions = new ArrayList<>();
            int unscored = 0;
            for (JsonNode q :
                    JSON.readTree(jsonl.resolveSibling(base + ".qrels.json").toFile())) {
                int category = q.get("category").asInt();
                List<Integer> evidence = new ArrayList<>();
                for (JsonNode e : q.get("evidence_keys")) {
                    Integer turn = byKey.get(key(
                            e.get("sender").asText(),
                            e.get("time").asText(),
                            e.get("text").asText()));
                    if (turn != null && !evidence.contains(turn)) {
                        evidence.add(turn);
                    }
                }
                if (category >= 1 && category <= 4 && !evidence.isEmpty()) {
                    questions.add(new Question(
                            q.get("qid").asText(), q.get("question").asText(), category, evidence));
                } else {
                    unscored++;
                }
            }
            return new Conversation(turns.getFirst().chat(), turns, questions, unscored);
        } catch (IOException | RuntimeException e) {
            throw new UserException("cannot read LoCoMo conversation " + jsonl + ": " + e.getMessage(), e);
        }
    }

    private static String key(String sender, String time, String text) {
        return sender + "\u0000" + time + "\u0000" + text;
    }
}
