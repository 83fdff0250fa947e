package dev.pvault.client.importer;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;

/**
 * Tells the formats apart from the start of the file.
 *
 * <p>A file whose first character (after a byte-order mark, white space and direction marks) is not {@code
 * {} is WhatsApp text (an iOS export starts with "[" and a digit). A JSON object is Telegram or JSONL: the
 * first object's top-level keys decide ({@code messages}, {@code chats}, {@code name}... are Telegram's;
 * {@code sender}, {@code text}, {@code time} are JSONL's); with neither, a second top-level object means JSONL.
 * Only as much of the file is read as that takes.
 */
final class FormatDetector {
    private static final Set<String> TELEGRAM_KEYS = Set.of(
            "messages",
            "chats",
            "left_chats",
            "about",
            "personal_information",
            "contacts",
            "frequent_contacts",
            "name",
            "type");
    private static final Set<String> JSONL_KEYS = Set.of("sender", "text", "time", "chat", "kind");

    private FormatDetector() {}

    static ExportFormat detect(ExportSource source) throws IOException {
        byte[] head;
        try (InputStream bytes = source.open()) {
            head = bytes.readNBytes(4096);
        }
        if (head.length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
            throw new ExportRejectedException(
                    source.name(), 0, "a zip archive: unzip it and import the chat file inside");
        }
        String text = decodeHead(head);
        int i = 0;
        while (i < text.length() && (Character.isWhitespace(text.charAt(i)) || WhatsAppStamp.isMark(text.charAt(i)))) {
            i++;
        }
        if (i < text.length() && text.charAt(i) == '[') {
            int j = i + 1;
            while (j < text.length() && Character.isWhitespace(text.charAt(j))) {
                j++;
            }
            if (j < text.length() && "{[]\"".indexOf(text.charAt(j)) >= 0) {
                throw new ExportRejectedException(
                        source.name(), 0, "a JSON array: neither a Telegram export nor JSONL (one object per line)");
            }
        }
        if (i >= text.length() || text.charAt(i) != '{') {
            return ExportFormat.WHATSAPP;
        }
        return jsonKind(source);
    }

    private static String decodeHead(byte[] head) {
        try (LineReader reader = LineReader.open(new java.io.ByteArrayInputStream(head), head.length + 1)) {
            StringBuilder text = new StringBuilder();
            String line;
            while ((line = reader.next()) != null) {
                text.append(line).append('\n');
            }
            return text.toString();
        } catch (IOException e) {
            return "";
        }
    }

    private static ExportFormat jsonKind(ExportSource source) throws IOException {
        try (InputStream bytes = source.open();
                JsonParser parser = JsonSupport.FACTORY.createParser(bytes)) {
            parser.nextToken(); // START_OBJECT, seen above
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                if (TELEGRAM_KEYS.contains(field)) {
                    return ExportFormat.TELEGRAM;
                }
                if (JSONL_KEYS.contains(field)) {
                    return ExportFormat.JSONL;
                }
                parser.nextToken();
                parser.skipChildren();
            }
            return parser.nextToken() == JsonToken.START_OBJECT ? ExportFormat.JSONL : ExportFormat.TELEGRAM;
        } catch (JsonProcessingException e) {
            throw JsonSupport.invalid(source.name(), e);
        }
    }
}
