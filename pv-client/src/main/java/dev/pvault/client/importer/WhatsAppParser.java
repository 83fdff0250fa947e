package dev.pvault.client.importer;

import dev.pvault.core.model.MessageKind;
import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDateTime;
import java.util.HashSet;
import java.util.Set;

/**
 * Reads a WhatsApp "Export chat" text file in two passes.
 *
 * <p>The first pass ({@link #survey}) only looks at the lines that start with a date: it decides the date
 * order from all of them ({@link DateOrderVote}) and whether the file puts the time before the date, learns
 * the senders' names, and rejects a file that has no such line. The second pass ({@link #read}) builds the
 * messages: a dated line starts an entry, every other
 * line continues the entry above it (multi-line messages, blank lines inside them), and an entry ends where
 * the next dated line starts. Neither pass keeps more than one entry in memory, so memory does not grow with
 * the file; the price is reading the file twice, which the throughput figure in docs/IMPORT-FORMATS.md
 * includes.
 *
 * <p>An entry is a message when a name and ": " follow the date, and a system line when not (the wordings of
 * group events differ in every language, but they never have that shape). The body then decides between
 * text, media and system ({@link WhatsAppPhrases}). Blank lines at the end of a message are dropped; the text
 * is otherwise kept as exported, with direction marks removed from its start.
 */
final class WhatsAppParser {
    /** WhatsApp caps a message at 65,536 characters; anything far beyond that is not one message. */
    static final int MAX_MESSAGE_CHARS = 1_000_000;

    private WhatsAppParser() {}

    /**
     * What the first pass learned.
     *
     * @param timeFirst whether the file's lines put the time before the date (Vietnamese exports). Lines of
     *     the other shape are then text: a message can hold a pasted "[21:05, 14/3/2023] Name: text", and a
     *     Vietnamese export can hold a pasted date-first line.
     */
    record Survey(DateOrderVote.Decision decision, Set<String> knownAuthors, boolean timeFirst) {
        /** Counts only: the authors are the user's contacts. */
        @Override
        public String toString() {
            return "Survey[" + decision + ", " + knownAuthors.size() + " authors, timeFirst=" + timeFirst + "]";
        }
    }

    static Survey survey(ExportSource source, DateOrder override) throws IOException {
        WhatsAppStamp stamp = new WhatsAppStamp();
        DateOrderVote dateFirstVote = new DateOrderVote();
        DateOrderVote timeFirstVote = new DateOrderVote();
        Set<String> authors = new HashSet<>();
        long dateFirst = 0;
        long timeFirst = 0;
        long lines;
        try (InputStream bytes = source.open();
                LineReader reader = LineReader.open(bytes, MAX_MESSAGE_CHARS)) {
            String line;
            while ((line = reader.next()) != null) {
                if (!stamp.parse(line)) {
                    continue;
                }
                if (stamp.timeFirst) {
                    timeFirst++;
                    timeFirstVote.add(stamp, reader.lineNumber());
                } else {
                    dateFirst++;
                    dateFirstVote.add(stamp, reader.lineNumber());
                }
                if (authors.size() < ImportReport.MAX_AUTHORS) {
                    String rest = line.substring(stamp.restStart);
                    int colon = rest.indexOf(": ");
                    if (colon > 0 && !WhatsAppPhrases.isEventWithQuote(rest)) {
                        String author = WhatsAppStamp.stripMarks(rest.substring(0, colon));
                        if (!author.isEmpty()) {
                            authors.add(author);
                        }
                    }
                }
            }
            lines = reader.lineNumber();
        }
        if (dateFirst + timeFirst == 0) {
            throw new ExportRejectedException(
                    source.name(),
                    0,
                    lines == 0
                            ? "the file is empty"
                            : "not a WhatsApp chat export: none of its " + lines
                                    + " lines starts with a date and time");
        }
        boolean timeFirstFile = timeFirst > dateFirst;
        DateOrderVote vote = timeFirstFile ? timeFirstVote : dateFirstVote;
        return new Survey(vote.decide(override), Set.copyOf(authors), timeFirstFile);
    }

    static void read(ExportSource source, Survey survey, String chat, ReportBuilder out) throws IOException {
        Pass pass = new Pass(survey, chat, out);
        try (InputStream bytes = source.open();
                LineReader reader = LineReader.open(bytes, MAX_MESSAGE_CHARS)) {
            String line;
            while ((line = reader.next()) != null) {
                pass.line(line, reader.lineNumber(), reader.truncated());
            }
        }
        pass.finish();
    }

    /** The second pass: one entry in the making at a time. */
    private static final class Pass {
        private final DateOrder order;
        private final boolean timeFirst;
        private final Set<String> knownAuthors;
        private final String chat;
        private final ReportBuilder out;
        private final WhatsAppStamp stamp = new WhatsAppStamp();

        private boolean active;
        private long entryLine;
        private String skipReason;
        private LocalDateTime time;
        private String author;
        private boolean generatedMark;
        private final StringBuilder body = new StringBuilder(256);
        private int pendingBlankLines;
        private boolean continued;

        Pass(Survey survey, String chat, ReportBuilder out) {
            this.order = survey.decision().order();
            this.timeFirst = survey.timeFirst();
            this.knownAuthors = survey.knownAuthors();
            this.chat = chat;
            this.out = out;
        }

        void line(String line, long number, boolean truncated) {
            if (stamp.parse(line) && stamp.timeFirst == timeFirst) {
                finish();
                start(line, number, truncated);
            } else if (!active) {
                preamble(line, number);
            } else if (skipReason == null && author != null) {
                continuation(line, truncated);
            }
        }

        private void start(String line, long number, boolean truncated) {
            active = true;
            entryLine = number;
            skipReason = null;
            time = null;
            author = null;
            generatedMark = false;
            body.setLength(0);
            pendingBlankLines = 0;
            continued = false;
            int[] date = stamp.date(order);
            int hour = stamp.hour24();
            if (date == null) {
                skipReason = "the date is not valid as " + order;
                return;
            }
            if (hour < 0) {
                skipReason = "the time is not a valid time of day";
                return;
            }
            if (truncated) {
                skipReason = "message longer than " + MAX_MESSAGE_CHARS + " characters";
                return;
            }
            time = LocalDateTime.of(date[0], date[1], date[2], hour, stamp.minute, Math.max(stamp.secondOfMinute, 0));
            String rest = line.substring(stamp.restStart);
            if (WhatsAppPhrases.isEventWithQuote(rest)) {
                return; // a system line: author stays null
            }
            int bodyStart = splitAuthor(rest);
            if (bodyStart < 0) {
                return;
            }
            // iOS marks what it writes with U+200E, in right-to-left languages with U+200F; on Android a U+200F
            // starts many a message typed in Arabic or Urdu.
            char mark = bodyStart < rest.length() ? rest.charAt(bodyStart) : 0;
            generatedMark = mark == '\u200E' || mark == '\u200F' && stamp.bracketed;
            body.append(rest, WhatsAppStamp.skipMarks(rest, bodyStart), rest.length());
        }

        /** Sets {@link #author} and returns where the body starts, or -1 for a line with no author. */
        private int splitAuthor(String rest) {
            int colon = rest.indexOf(": ");
            int bodyStart;
            String name = null;
            if (colon > 0) {
                name = rest.substring(0, colon);
                bodyStart = colon + 2;
            } else if (rest.length() > 1 && rest.charAt(rest.length() - 1) == ':') {
                name = rest.substring(0, rest.length() - 1);
                bodyStart = rest.length();
            } else {
                // "John Doe:." - no space after the colon: only for a name seen as "John Doe: " elsewhere.
                bodyStart = -1;
                for (int k = rest.indexOf(':'); k > 0; k = rest.indexOf(':', k + 1)) {
                    String candidate = WhatsAppStamp.stripMarks(rest.substring(0, k));
                    if (knownAuthors.contains(candidate)) {
                        name = candidate;
                        bodyStart = k + 1;
                        break;
                    }
                }
            }
            if (name == null) {
                return -1;
            }
            name = WhatsAppStamp.stripMarks(name);
            if (name.isBlank()) {
                return -1;
            }
            author = name;
            return bodyStart;
        }

        private void continuation(String line, boolean truncated) {
            if (line.isEmpty()) {
                pendingBlankLines++;
                return;
            }
            if (truncated || body.length() + pendingBlankLines + 1 + line.length() > MAX_MESSAGE_CHARS) {
                skipReason = "message longer than " + MAX_MESSAGE_CHARS + " characters";
                body.setLength(0);
                return;
            }
            for (int i = 0; i <= pendingBlankLines; i++) {
                body.append('\n');
            }
            body.append(line);
            pendingBlankLines = 0;
            continued = true;
        }

        /** Lines before the first dated line: an undated encryption notice is a system line. */
        private void preamble(String line, long number) {
            String text = WhatsAppStamp.stripMarks(line);
            if (text.isBlank()) {
                return;
            }
            int colon = text.indexOf(": ");
            String candidate = colon > 0 ? WhatsAppStamp.stripMarks(text.substring(colon + 2)) : text;
            if (WhatsAppPhrases.isSystemBody(candidate) || WhatsAppPhrases.isSystemBody(text)) {
                out.system();
            } else {
                out.skipped(number, "text before the first line with a date and time");
            }
        }

        void finish() {
            if (!active) {
                return;
            }
            active = false;
            if (skipReason != null) {
                out.skipped(entryLine, skipReason);
                return;
            }
            if (author == null) {
                out.system();
                return;
            }
            String text = body.toString();
            int newline = text.indexOf('\n');
            String firstLine = newline < 0 ? text : text.substring(0, newline);
            switch (WhatsAppPhrases.classify(firstLine, generatedMark, !continued)) {
                case SYSTEM -> out.system();
                case MEDIA -> out.message(chat, author, time, text, MessageKind.MEDIA);
                case TEXT -> out.message(chat, author, time, text, MessageKind.TEXT);
            }
        }
    }
}
