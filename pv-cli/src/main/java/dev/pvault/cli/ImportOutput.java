package dev.pvault.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pvault.client.importer.ImportReport;
import dev.pvault.client.importer.ImportReport.AuthorCount;
import dev.pvault.client.importer.ImportReport.SkippedLine;
import dev.pvault.core.crypto.MessageIdKey;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Prints import reports: one JSON document (DESIGN.md section 6: {@code format, messages, system, media,
 * skipped, first, last, authors}, plus {@code date_order} and more), or text for people. With several files
 * the top level sums them up and {@code files} holds each one.
 */
final class ImportOutput {
    /** How many skipped lines the text output lists per file (the JSON lists the report's whole sample). */
    private static final int TEXT_SKIPPED_LINES = 10;

    private static final DateTimeFormatter TEXT_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");

    private final List<ImportReport> reports;
    private final boolean dryRun;
    private final Map<String, Object> outcome;

    ImportOutput(List<ImportReport> reports, boolean dryRun) {
        this(reports, dryRun, Map.of());
    }

    /** {@code outcome}: what a real import did (new, already_present, jobs, ...), written after the counts. */
    ImportOutput(List<ImportReport> reports, boolean dryRun, Map<String, Object> outcome) {
        this.reports = List.copyOf(reports);
        this.dryRun = dryRun;
        this.outcome = new LinkedHashMap<>(outcome);
    }

    void printJson(PrintWriter out) {
        try {
            JsonGenerator json =
                    new ObjectMapper().getFactory().createGenerator(out).useDefaultPrettyPrinter();
            json.writeStartObject();
            json.writeBooleanField("dry_run", dryRun);
            json.writeStringField("format", common(r -> r.format().id()));
            json.writeStringField(
                    "date_order",
                    common(r -> r.dateOrder() == null ? null : r.dateOrder().name()));
            writeCounts(
                    json,
                    sum(ImportReport::messages),
                    sum(ImportReport::system),
                    sum(ImportReport::media),
                    sum(ImportReport::skipped),
                    earliest(),
                    latest(),
                    mergedAuthors(),
                    allChats());
            for (Map.Entry<String, Object> field : outcome.entrySet()) {
                json.writeObjectField(field.getKey(), field.getValue());
            }
            json.writeArrayFieldStart("files");
            for (ImportReport report : reports) {
                writeFile(json, report);
            }
            json.writeEndArray();
            json.writeEndObject();
            json.flush();
            out.println();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeFile(JsonGenerator json, ImportReport report) throws IOException {
        json.writeStartObject();
        json.writeStringField("file", report.file());
        json.writeStringField("format", report.format().id());
        json.writeStringField(
                "date_order",
                report.dateOrder() == null ? null : report.dateOrder().name());
        json.writeStringField("date_order_basis", report.dateOrderBasis());
        Map<String, Long> authors = new LinkedHashMap<>();
        report.authors().forEach(author -> authors.put(author.name(), author.messages()));
        writeCounts(
                json,
                report.messages(),
                report.system(),
                report.media(),
                report.skipped(),
                report.first(),
                report.last(),
                authors,
                report.chats());
        json.writeBooleanField("authors_truncated", report.authorsTruncated());
        json.writeArrayFieldStart("skipped_lines");
        for (SkippedLine skipped : report.skippedLines()) {
            json.writeStartObject();
            json.writeNumberField("line", skipped.line());
            json.writeStringField("reason", skipped.reason());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeStringField(
                "zone", report.zone() == null ? null : report.zone().getId());
        json.writeArrayFieldStart("warnings");
        for (String warning : report.warnings()) {
            json.writeString(warning);
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    private static void writeCounts(
            JsonGenerator json,
            long messages,
            long system,
            long media,
            long skipped,
            LocalDateTime first,
            LocalDateTime last,
            Map<String, Long> authors,
            List<String> chats)
            throws IOException {
        json.writeNumberField("messages", messages);
        json.writeNumberField("system", system);
        json.writeNumberField("media", media);
        json.writeNumberField("skipped", skipped);
        json.writeStringField("first", first == null ? null : MessageIdKey.TIME_FORMAT.format(first));
        json.writeStringField("last", last == null ? null : MessageIdKey.TIME_FORMAT.format(last));
        json.writeArrayFieldStart("authors");
        for (String author : authors.keySet()) {
            json.writeString(author);
        }
        json.writeEndArray();
        json.writeObjectFieldStart("author_messages");
        for (Map.Entry<String, Long> author : authors.entrySet()) {
            json.writeNumberField(author.getKey(), author.getValue());
        }
        json.writeEndObject();
        json.writeArrayFieldStart("chats");
        for (String chat : chats) {
            json.writeString(chat);
        }
        json.writeEndArray();
    }

    void printText(PrintWriter out) {
        for (ImportReport report : reports) {
            out.println(report.file() + ": " + describeFormat(report));
            out.printf("  messages  %,d (%,d of them media)%n", report.messages(), report.media());
            out.printf("  system    %,d%n", report.system());
            out.printf("  skipped   %,d%n", report.skipped());
            for (SkippedLine skipped : report.skippedLines()
                    .subList(
                            0,
                            Math.min(TEXT_SKIPPED_LINES, report.skippedLines().size()))) {
                out.printf("    line %d: %s%n", skipped.line(), skipped.reason());
            }
            if (report.skipped() > TEXT_SKIPPED_LINES) {
                out.printf(
                        "    (%,d more; --json lists the first %d)%n",
                        report.skipped() - TEXT_SKIPPED_LINES, ImportReport.SKIPPED_SAMPLE);
            }
            out.println("  first     " + time(report.first()));
            out.println("  last      " + time(report.last()));
            out.println("  chats     " + String.join(", ", report.chats()));
            out.println("  authors   " + report.authors().size() + (report.authorsTruncated() ? "+" : "") + ": "
                    + report.authors().stream()
                            .limit(20)
                            .map(author -> author.name() + " (" + author.messages() + ")")
                            .collect(Collectors.joining(", "))
                    + (report.authors().size() > 20 ? ", ..." : ""));
            if (report.zone() != null) {
                out.println("  zone      " + report.zone().getId());
            }
            for (String warning : report.warnings()) {
                out.println("  warning   " + warning);
            }
        }
        if (reports.size() > 1) {
            out.printf(
                    "total: %,d messages (%,d media), %,d system, %,d skipped in %d files%n",
                    sum(ImportReport::messages),
                    sum(ImportReport::media),
                    sum(ImportReport::system),
                    sum(ImportReport::skipped),
                    reports.size());
        }
        if (dryRun) {
            out.println("Dry run: nothing was stored.");
        }
        out.flush();
    }

    private static String describeFormat(ImportReport report) {
        return switch (report.format()) {
            case WHATSAPP -> "WhatsApp export, dates " + report.dateOrder() + " (" + report.dateOrderBasis() + ")";
            case TELEGRAM -> "Telegram Desktop export";
            case JSONL -> "JSONL";
        };
    }

    private static String time(LocalDateTime time) {
        return time == null ? "-" : TEXT_TIME.format(time);
    }

    private String common(java.util.function.Function<ImportReport, String> field) {
        Set<String> values = reports.stream().map(field).collect(Collectors.toCollection(LinkedHashSet::new));
        if (values.size() == 1) {
            return values.iterator().next();
        }
        values.remove(null);
        return values.size() == 1 ? values.iterator().next() : "mixed";
    }

    private long sum(java.util.function.ToLongFunction<ImportReport> field) {
        return reports.stream().mapToLong(field).sum();
    }

    private LocalDateTime earliest() {
        return reports.stream()
                .map(ImportReport::first)
                .filter(t -> t != null)
                .min(Comparator.naturalOrder())
                .orElse(null);
    }

    private LocalDateTime latest() {
        return reports.stream()
                .map(ImportReport::last)
                .filter(t -> t != null)
                .max(Comparator.naturalOrder())
                .orElse(null);
    }

    private Map<String, Long> mergedAuthors() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (ImportReport report : reports) {
            for (AuthorCount author : report.authors()) {
                counts.merge(author.name(), author.messages(), Long::sum);
            }
        }
        List<Map.Entry<String, Long>> sorted = new ArrayList<>(counts.entrySet());
        sorted.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        Map<String, Long> ordered = new LinkedHashMap<>();
        sorted.forEach(entry -> ordered.put(entry.getKey(), entry.getValue()));
        return ordered;
    }

    private List<String> allChats() {
        Set<String> chats = new LinkedHashSet<>();
        reports.forEach(report -> chats.addAll(report.chats()));
        return List.copyOf(chats);
    }
}
