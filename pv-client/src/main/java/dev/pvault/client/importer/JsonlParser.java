package dev.pvault.client.importer;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.pvault.core.model.MessageKind;
import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDateTime;

/**
 * Reads the JSONL format of docs/IMPORT-FORMATS.md: one JSON object per line,
 *
 * <pre>{"chat": "Family", "sender": "Alice", "time": "2024-03-01T18:22:05", "text": "See you at 7"}</pre>
 *
 * with {@code chat} optional (the file name otherwise), {@code time} an ISO-8601 local date and time (an
 * offset is allowed) or Unix seconds, and an optional {@code "kind": "text" | "media" | "system"}. Unknown
 * fields are ignored, so other tools may add their own. Any line that is not valid JSON or breaks these rules
 * rejects the whole file: the first pass ({@link #check}) reads all of it before the second ({@link #read})
 * hands anything on.
 */
final class JsonlParser {
    /** Starts every schema complaint. */
    private static final String SCHEMA = "not JSONL as expected: ";

    private JsonlParser() {}

    static void check(ExportSource source, ImportOptions options) throws IOException {
        walk(source, options, ReportBuilder.counting(options.zone()));
    }

    static void read(ExportSource source, ImportOptions options, ReportBuilder out) throws IOException {
        walk(source, options, out);
    }

    private static void walk(ExportSource source, ImportOptions options, ReportBuilder out) throws IOException {
        String file = source.name();
        String defaultChat = options.chat() != null ? options.chat() : ChatNames.fromFile(source.path(), file);
        try (InputStream bytes = source.open();
                JsonParser parser = JsonSupport.FACTORY.createParser(bytes)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token != JsonToken.START_OBJECT) {
                    throw JsonSupport.schema(parser, file, SCHEMA + "expected one JSON object per line");
                }
                line(parser, file, options, defaultChat, out);
            }
        } catch (JsonProcessingException e) {
            throw JsonSupport.invalid(file, e);
        }
    }

    private static void line(
            JsonParser parser, String file, ImportOptions options, String defaultChat, ReportBuilder out)
            throws IOException {
        long line = JsonSupport.line(parser);
        String chat = null;
        String sender = null;
        String time = null;
        boolean unix = false;
        String text = null;
        String kind = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            parser.nextToken();
            switch (field) {
                case "chat" -> chat = JsonSupport.stringOrNull(parser, file, SCHEMA, "chat");
                case "sender" -> sender = JsonSupport.stringOrNull(parser, file, SCHEMA, "sender");
                case "time" -> {
                    time = JsonSupport.scalarOrNull(parser, file, SCHEMA, "time");
                    unix = parser.currentToken() == JsonToken.VALUE_NUMBER_INT;
                }
                case "text" -> text = JsonSupport.stringOrNull(parser, file, SCHEMA, "text");
                case "kind" -> kind = JsonSupport.stringOrNull(parser, file, SCHEMA, "kind");
                default -> parser.skipChildren();
            }
        }
        MessageKind messageKind;
        if (kind == null || kind.equals("text")) {
            messageKind = MessageKind.TEXT;
        } else if (kind.equals("media")) {
            messageKind = MessageKind.MEDIA;
        } else if (kind.equals("system")) {
            out.system();
            return;
        } else {
            throw new ExportRejectedException(file, line, SCHEMA + "\"kind\" is not \"text\", \"media\" or \"system\"");
        }
        if (sender == null) {
            throw new ExportRejectedException(file, line, SCHEMA + "no \"sender\" string");
        }
        if (text == null) {
            throw new ExportRejectedException(file, line, SCHEMA + "no \"text\" string");
        }
        if (time == null) {
            throw new ExportRejectedException(file, line, SCHEMA + "no \"time\"");
        }
        LocalDateTime parsed =
                unix ? JsonSupport.unixTime(time, options.zone()) : JsonSupport.isoTime(time, options.zone());
        if (parsed == null) {
            throw new ExportRejectedException(
                    file,
                    line,
                    SCHEMA + "\"time\" is neither an ISO-8601 date and time nor a whole number of Unix seconds");
        }
        if (text.length() > WhatsAppParser.MAX_MESSAGE_CHARS) {
            out.skipped(line, "message longer than " + WhatsAppParser.MAX_MESSAGE_CHARS + " characters");
            return;
        }
        String chatName =
                options.chat() != null ? options.chat() : chat != null && !chat.isBlank() ? chat : defaultChat;
        out.message(chatName, sender, parsed, text, messageKind);
    }
}
