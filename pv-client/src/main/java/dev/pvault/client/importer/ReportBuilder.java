package dev.pvault.client.importer;

import dev.pvault.client.importer.ImportReport.AuthorCount;
import dev.pvault.client.importer.ImportReport.SkippedLine;
import dev.pvault.core.crypto.MessageIdAssigner;
import dev.pvault.core.model.ChatMessage;
import dev.pvault.core.model.MessageKind;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Where the format parsers put what they read: messages go to the id assigner and on to the sink, and every
 * entry is counted for the {@link ImportReport}. All state is bounded (authors, chats and the skipped sample
 * are capped), so a report costs the same memory for a 5 KB and a 5 GB export.
 *
 * <p>With no assigner (a checking pass) messages are only counted.
 */
final class ReportBuilder {
    private final MessageIdAssigner ids;
    private final Consumer<? super ChatMessage> sink;
    private final ZoneId zone;

    private long messages;
    private long media;
    private long system;
    private long skipped;
    private final List<SkippedLine> skippedLines = new ArrayList<>();
    private LocalDateTime first;
    private LocalDateTime last;
    private final Map<String, long[]> authorCounts = new HashMap<>();
    private boolean authorsTruncated;
    private final Set<String> chats = new LinkedHashSet<>();
    private final List<String> warnings = new ArrayList<>();

    ReportBuilder(MessageIdAssigner ids, Consumer<? super ChatMessage> sink, ZoneId zone) {
        this.ids = ids;
        this.sink = sink;
        this.zone = zone;
    }

    /** A builder that only counts: for checking passes. */
    static ReportBuilder counting(ZoneId zone) {
        return new ReportBuilder(null, null, zone);
    }

    void message(String chat, String sender, LocalDateTime time, String text, MessageKind kind) {
        messages++;
        if (kind == MessageKind.MEDIA) {
            media++;
        }
        if (first == null || time.isBefore(first)) {
            first = time;
        }
        if (last == null || time.isAfter(last)) {
            last = time;
        }
        long[] count = authorCounts.get(sender);
        if (count != null) {
            count[0]++;
        } else if (authorCounts.size() < ImportReport.MAX_AUTHORS) {
            authorCounts.put(sender, new long[] {1});
        } else {
            authorsTruncated = true;
        }
        if (chats.size() < ImportReport.MAX_AUTHORS) {
            chats.add(chat);
        }
        if (ids != null) {
            sink.accept(ids.assign(chat, time, zone, sender, text, kind));
        }
    }

    void system() {
        system++;
    }

    void skipped(long line, String reason) {
        skipped++;
        if (skippedLines.size() < ImportReport.SKIPPED_SAMPLE) {
            skippedLines.add(new SkippedLine(line, reason));
        }
    }

    void warn(String warning) {
        if (!warnings.contains(warning)) {
            warnings.add(warning);
        }
    }

    ImportReport build(String file, ExportFormat format, DateOrder dateOrder, String dateOrderBasis) {
        List<AuthorCount> authors = new ArrayList<>(authorCounts.size());
        authorCounts.forEach((name, count) -> authors.add(new AuthorCount(name, count[0])));
        authors.sort(Comparator.comparingLong(AuthorCount::messages).reversed().thenComparing(AuthorCount::name));
        return new ImportReport(
                file,
                format,
                dateOrder,
                dateOrderBasis,
                messages,
                media,
                system,
                skipped,
                skippedLines,
                first,
                last,
                authors,
                authorsTruncated,
                List.copyOf(chats),
                zone,
                warnings);
    }
}
