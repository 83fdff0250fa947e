package dev.pvault.client.importer;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;

/**
 * What one parse of an export found.
 *
 * <p>{@code messages} counts every message handed on (text and media); {@code media} how many of those are
 * media placeholders ({@link dev.pvault.core.model.MessageKind#MEDIA}); {@code system} the lines kept apart
 * (encryption notices, group events, deleted-message markers, Telegram service messages), which are not handed
 * on; {@code skipped} the entries that could not be read, with the first {@value #SKIPPED_SAMPLE} of them in
 * {@code skippedLines}.
 *
 * @param file the file name, without folders
 * @param format the format read
 * @param dateOrder the date order used (WhatsApp only, else {@code null})
 * @param dateOrderBasis why that order was chosen, for people (WhatsApp only, else {@code null})
 * @param first the earliest message time, {@code null} when there is no message
 * @param last the latest message time, {@code null} when there is no message
 * @param authors senders of the handed-on messages with their message counts, most messages first; at most
 *     {@value #MAX_AUTHORS} (see {@code authorsTruncated})
 * @param chats the chat names the messages were given, in order of first appearance (at most {@value
 *     #MAX_AUTHORS})
 * @param zone the zone pinned with the import options, or {@code null}
 * @param warnings notes for the person importing, such as an option that did not apply
 */
public record ImportReport(
        String file,
        ExportFormat format,
        DateOrder dateOrder,
        String dateOrderBasis,
        long messages,
        long media,
        long system,
        long skipped,
        List<SkippedLine> skippedLines,
        LocalDateTime first,
        LocalDateTime last,
        List<AuthorCount> authors,
        boolean authorsTruncated,
        List<String> chats,
        ZoneId zone,
        List<String> warnings) {

    /** How many skipped entries a report lists (all of them are counted). */
    public static final int SKIPPED_SAMPLE = 100;
    /** How many distinct authors (and chats) a report keeps; a bound so memory does not grow with the file. */
    public static final int MAX_AUTHORS = 10_000;

    public ImportReport {
        skippedLines = List.copyOf(skippedLines);
        authors = List.copyOf(authors);
        chats = List.copyOf(chats);
        warnings = List.copyOf(warnings);
    }

    /** One entry that was not imported: where it starts and why. The reason never quotes the line. */
    public record SkippedLine(long line, String reason) {}

    /** A sender and how many of the handed-on messages they sent. */
    public record AuthorCount(String name, long messages) {
        @Override
        public String toString() {
            return "AuthorCount[name=<redacted>, messages=" + messages + "]";
        }
    }

    /** Counts only: author and chat names are the user's data. */
    @Override
    public String toString() {
        return "ImportReport[file=" + file + ", format=" + format.id() + ", dateOrder=" + dateOrder + ", messages="
                + messages + ", media=" + media + ", system=" + system + ", skipped=" + skipped + ", first=" + first
                + ", last=" + last + ", authors=" + authors.size() + ", chats=" + chats.size() + "]";
    }
}
