package dev.pvault.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pvault.core.UnavailableException;
import dev.pvault.core.crypto.JobDocument;
import dev.pvault.core.model.JobId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The client's record of each import ({@code imports/<import id>.jsonl} in the vault home): one line when
 * the import starts, one per job before its batch is uploaded (with the job document, which holds only ids
 * and wrapped keys), and one when the job is on the queue.
 *
 * <p>It is what makes an interrupted import safe: a job planned but never marked sent is sent again by the
 * next import or {@code pvault worker --until-idle} (sending twice is harmless, a job id is processed once),
 * and it is what {@code pvault status} groups by import. Nothing in it is plaintext.
 */
public final class ImportJournal {
    static final String FOLDER = "imports";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A job as the journal knows it. */
    public record PlannedJob(UUID importId, JobId jobId, int messages, JobDocument document, boolean sent) {}

    /** One import: when it started and its jobs in order. */
    public record Entry(UUID importId, Instant started, List<PlannedJob> jobs) {}

    private final Path file;
    private final UUID importId;

    private ImportJournal(Path file, UUID importId) {
        this.file = file;
        this.importId = importId;
    }

    /** Starts the journal of a new import. */
    static ImportJournal begin(Path home, Instant now) {
        UUID id = UUID.randomUUID();
        Path folder = home.resolve(FOLDER);
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UnavailableException(
                    "cannot create " + folder + " (" + e.getClass().getSimpleName() + ")", e);
        }
        ImportJournal journal = new ImportJournal(folder.resolve(id + ".jsonl"), id);
        journal.append(JSON.createObjectNode().put("import", id.toString()).put("started", now.toString()));
        return journal;
    }

    /** The journal an existing entry was read from, to mark its jobs sent. */
    static ImportJournal of(Path home, UUID importId) {
        return new ImportJournal(home.resolve(FOLDER).resolve(importId + ".jsonl"), importId);
    }

    UUID importId() {
        return importId;
    }

    void planned(JobDocument job) {
        append(JSON.createObjectNode()
                .put("planned", job.jobId().toString())
                .put("messages", job.messageCount())
                .put("document", job.toJson()));
    }

    void sent(JobId job) {
        append(JSON.createObjectNode().put("sent", job.toString()));
    }

    private void append(com.fasterxml.jackson.databind.node.ObjectNode line) {
        try {
            Files.writeString(
                    file,
                    JSON.writeValueAsString(line) + "\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UnavailableException(
                    "cannot write the import journal " + file + " ("
                            + e.getClass().getSimpleName() + ")",
                    e);
        }
    }

    /** Every import of the vault, oldest first. A line cut by a crash is ignored. */
    static List<Entry> readAll(Path home) {
        Path folder = home.resolve(FOLDER);
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        List<Entry> entries = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".jsonl")).toList()) {
                read(file).ifPresent(entries::add);
            }
        } catch (IOException e) {
            throw new UnavailableException("cannot read the import journals in " + folder, e);
        }
        entries.sort(Comparator.comparing(Entry::started));
        return entries;
    }

    private static java.util.Optional<Entry> read(Path file) throws IOException {
        UUID importId = null;
        Instant started = null;
        Map<JobId, PlannedJob> jobs = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            JsonNode node;
            try {
                node = JSON.readTree(line);
            } catch (IOException e) {
                continue; // the last line of a journal cut by a kill
            }
            if (node == null) {
                continue;
            }
            if (node.has("import")) {
                importId = UUID.fromString(node.get("import").asText());
                started = Instant.parse(node.get("started").asText());
            } else if (node.has("planned") && importId != null) {
                JobDocument document = JobDocument.parse(node.get("document").asText());
                jobs.put(
                        document.jobId(),
                        new PlannedJob(importId, document.jobId(), document.messageCount(), document, false));
            } else if (node.has("sent")) {
                JobId id = JobId.parse(node.get("sent").asText());
                jobs.computeIfPresent(id, (k, p) -> new PlannedJob(p.importId(), k, p.messages(), p.document(), true));
            }
        }
        return importId == null
                ? java.util.Optional.empty()
                : java.util.Optional.of(new Entry(importId, started, List.copyOf(jobs.values())));
    }

    /** Removes every journal (after {@code pvault delete --all}). */
    static void deleteAll(Path home) {
        Path folder = home.resolve(FOLDER);
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            throw new UnavailableException("cannot remove the import journals in " + folder, e);
        }
    }
}
