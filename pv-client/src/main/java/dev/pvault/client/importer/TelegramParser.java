package dev.pvault.client.importer;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.pvault.core.model.MessageKind;
import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads a Telegram Desktop JSON export with Jackson's streaming parser: one message object at a time, so
 * memory stays flat however long the export.
 *
 * <p>Two shapes: a single chat ({@code {"name", "type", "id", "messages": [...]}}) and a full account export
 * ({@code {"about", "personal_information", "chats": {"list": [chat, ...]}, "left_chats": {"list": [...]}}}).
 * Messages of type {@code "message"} are handed on; {@code "service"} entries (joins, calls, pins, group
 * creation) are counted as system lines. Text is a string or an array of strings and entity objects with a
 * {@code "text"}; forwarded messages and replies are messages of their sender. A message with no text but a
 * photo, file, sticker, poll, location or contact is a media message.
 *
 * <p>The first pass ({@link #survey}) reads everything and checks the schema, so that a file that breaks it
 * anywhere is rejected before a single message is handed on; it also learns each chat's name, which the JSON
 * may give after the chat's messages. The second pass ({@link #read}) hands the messages on.
 */
final class TelegramParser {
    private static final Set<String> MEDIA_FIELDS = Set.of(
            "photo",
            "file",
            "media_type",
            "sticker_emoji",
            "poll",
            "location_information",
            "contact_information",
            "game_title",
            "invoice_information",
            "place_name");

    /** Starts every schema complaint, so that a JSON file of another app reads clearly as such. */
    private static final String SCHEMA = "not a Telegram export as expected: ";

    private TelegramParser() {}

    /** What the first pass learned: the chat names in file order. */
    record Survey(List<String> chatNames) {
        /** Counts only: chat names are the user's data. */
        @Override
        public String toString() {
            return "Survey[" + chatNames.size() + " chats]";
        }
    }

    static Survey survey(ExportSource source, ImportOptions options) throws IOException {
        Walk walk = new Walk(source, options, null, ReportBuilder.counting(options.zone()));
        walk.run();
        return new Survey(List.copyOf(walk.resolvedNames));
    }

    static void read(ExportSource source, Survey survey, ImportOptions options, ReportBuilder out) throws IOException {
        if (options.chat() != null && survey.chatNames().size() > 1) {
            out.warn("--chat gives all " + survey.chatNames().size() + " chats of this export one name");
        }
        new Walk(source, options, survey.chatNames(), out).run();
    }

    private static final class Walk {
        private final ExportSource source;
        private final String file;
        private final ImportOptions options;
        private final ZoneId zone;
        private final List<String> knownNames;
        private final ReportBuilder out;
        private final List<String> resolvedNames = new ArrayList<>();
        private final StringBuilder text = new StringBuilder(256);
        private JsonParser parser;
        private int chatIndex;

        Walk(ExportSource source, ImportOptions options, List<String> knownNames, ReportBuilder out) {
            this.source = source;
            this.file = source.name();
            this.options = options;
            this.zone = options.zone();
            this.knownNames = knownNames;
            this.out = out;
        }

        void run() throws IOException {
            try (InputStream bytes = source.open();
                    JsonParser json = JsonSupport.FACTORY.createParser(bytes)) {
                parser = json;
                root();
            } catch (JsonProcessingException e) {
                throw JsonSupport.invalid(file, e);
            }
        }

        private void root() throws IOException {
            JsonToken token = parser.nextToken();
            if (token == null) {
                throw new ExportRejectedException(file, 0, "the file is empty");
            }
            if (token != JsonToken.START_OBJECT) {
                throw JsonSupport.schema(parser, file, "not a Telegram export: the top level is not a JSON object");
            }
            boolean sawChats = false;
            boolean sawMessages = false;
            String name = null;
            String type = null;
            int rootChat = -1;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                switch (field) {
                    case "messages" -> {
                        rootChat = chatIndex++;
                        messages(rootChat);
                        sawMessages = true;
                    }
                    case "chats", "left_chats" -> {
                        section(field);
                        sawChats = true;
                    }
                    case "name" -> name = JsonSupport.stringOrNull(parser, file, SCHEMA, "name");
                    case "type" -> type = JsonSupport.stringOrNull(parser, file, SCHEMA, "type");
                    default -> parser.skipChildren();
                }
            }
            if (parser.nextToken() != null) {
                throw JsonSupport.schema(parser, file, "not a Telegram export: more than one JSON value in the file");
            }
            if (!sawMessages && !sawChats) {
                throw new ExportRejectedException(
                        file, 0, "not a Telegram export: no \"messages\" or \"chats\" list at the top level");
            }
            if (rootChat >= 0) {
                resolve(rootChat, name, type);
            }
        }

        private void section(String field) throws IOException {
            if (parser.currentToken() != JsonToken.START_OBJECT) {
                throw JsonSupport.schema(parser, file, SCHEMA + "\"" + field + "\" is not an object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                if (!name.equals("list")) {
                    parser.skipChildren();
                    continue;
                }
                if (parser.currentToken() != JsonToken.START_ARRAY) {
                    throw JsonSupport.schema(parser, file, SCHEMA + "\"" + field + ".list\" is not an array");
                }
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    chat(field);
                }
            }
        }

        private void chat(String field) throws IOException {
            if (parser.currentToken() != JsonToken.START_OBJECT) {
                throw JsonSupport.schema(parser, file, SCHEMA + "an entry of \"" + field + ".list\" is not an object");
            }
            int index = chatIndex++;
            String name = null;
            String type = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                parser.nextToken();
                switch (key) {
                    case "messages" -> messages(index);
                    case "name" -> name = JsonSupport.stringOrNull(parser, file, SCHEMA, "name");
                    case "type" -> type = JsonSupport.stringOrNull(parser, file, SCHEMA, "type");
                    default -> parser.skipChildren();
                }
            }
            resolve(index, name, type);
        }

        private void resolve(int index, String name, String type) {
            if (knownNames != null) {
                return;
            }
            String resolved;
            if (options.chat() != null) {
                resolved = options.chat();
            } else if (name != null && !name.isBlank()) {
                resolved = name;
            } else if ("saved_messages".equals(type)) {
                resolved = "Saved Messages";
            } else {
                String stem = ChatNames.fromFile(source.path(), file);
                resolved = index == 0 ? stem : stem + " (chat " + (index + 1) + ")";
            }
            while (resolvedNames.size() <= index) {
                resolvedNames.add(null);
            }
            resolvedNames.set(index, resolved);
        }

        private String chatName(int index) {
            // First pass: names may only be known after the messages; counting needs none.
            return knownNames == null ? "" : knownNames.get(index);
        }

        private void messages(int index) throws IOException {
            if (parser.currentToken() != JsonToken.START_ARRAY) {
                throw JsonSupport.schema(parser, file, SCHEMA + "\"messages\" is not an array");
            }
            String chat = chatName(index);
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                message(chat);
            }
        }

        private void message(String chat) throws IOException {
            if (parser.currentToken() != JsonToken.START_OBJECT) {
                throw JsonSupport.schema(parser, file, SCHEMA + "a message is not a JSON object");
            }
            long line = JsonSupport.line(parser);
            String type = null;
            String date = null;
            String unixTime = null;
            String from = null;
            String fromId = null;
            boolean hasText = false;
            boolean hasMedia = false;
            boolean tooLong = false;
            text.setLength(0);
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                switch (field) {
                    case "type" -> type = JsonSupport.stringOrNull(parser, file, SCHEMA, "type");
                    case "date" -> date = JsonSupport.stringOrNull(parser, file, SCHEMA, "date");
                    case "date_unixtime" -> unixTime = JsonSupport.scalarOrNull(parser, file, SCHEMA, "date_unixtime");
                    case "from" -> from = JsonSupport.stringOrNull(parser, file, SCHEMA, "from");
                    case "from_id" -> fromId = JsonSupport.scalarOrNull(parser, file, SCHEMA, "from_id");
                    case "text" -> {
                        tooLong = !text(line);
                        hasText = true;
                    }
                    default -> {
                        if (MEDIA_FIELDS.contains(field) && parser.currentToken() != JsonToken.VALUE_NULL) {
                            hasMedia = true;
                        }
                        parser.skipChildren();
                    }
                }
            }
            if (type == null) {
                throw new ExportRejectedException(file, line, SCHEMA + "a message has no \"type\"");
            }
            if (type.equals("service")) {
                out.system();
                return;
            }
            if (!type.equals("message")) {
                throw new ExportRejectedException(
                        file, line, SCHEMA + "a message's \"type\" is neither \"message\" nor \"service\"");
            }
            if (!hasText) {
                throw new ExportRejectedException(file, line, SCHEMA + "a message has no \"text\"");
            }
            LocalDateTime time = time(date, unixTime, line);
            if (tooLong) {
                out.skipped(line, "message longer than " + WhatsAppParser.MAX_MESSAGE_CHARS + " characters");
                return;
            }
            String sender = from != null && !from.isBlank() ? from : fromId != null ? fromId : "Deleted Account";
            String body = text.toString();
            MessageKind kind = body.isEmpty() && hasMedia ? MessageKind.MEDIA : MessageKind.TEXT;
            out.message(chat, sender, time, body, kind);
        }

        private LocalDateTime time(String date, String unixTime, long line) {
            if (date != null) {
                LocalDateTime time = JsonSupport.isoTime(date, zone);
                if (time == null) {
                    throw new ExportRejectedException(
                            file, line, SCHEMA + "a message's \"date\" is not an ISO-8601 date and time");
                }
                return time;
            }
            if (unixTime != null) {
                LocalDateTime time = JsonSupport.unixTime(unixTime, zone);
                if (time == null) {
                    throw new ExportRejectedException(
                            file, line, SCHEMA + "a message's \"date_unixtime\" is not Unix seconds");
                }
                return time;
            }
            throw new ExportRejectedException(file, line, SCHEMA + "a message has no \"date\" or \"date_unixtime\"");
        }

        /** Reads "text" (a string, or an array of strings and entities) into {@link #text}; false if too long. */
        private boolean text(long line) throws IOException {
            JsonToken token = parser.currentToken();
            if (token == JsonToken.VALUE_STRING) {
                return append(parser.getText());
            }
            if (token != JsonToken.START_ARRAY) {
                throw new ExportRejectedException(
                        file, line, SCHEMA + "a message's \"text\" is neither a string nor an array");
            }
            boolean fits = true;
            while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
                if (token == JsonToken.VALUE_STRING) {
                    fits &= append(parser.getText());
                } else if (token == JsonToken.START_OBJECT) {
                    fits &= entity(line);
                } else {
                    throw new ExportRejectedException(
                            file, line, SCHEMA + "a part of a message's \"text\" is neither a string nor an object");
                }
            }
            return fits;
        }

        private boolean entity(long line) throws IOException {
            String part = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                if (field.equals("text")) {
                    part = JsonSupport.stringOrNull(parser, file, SCHEMA, "text");
                } else {
                    parser.skipChildren();
                }
            }
            if (part == null) {
                throw new ExportRejectedException(file, line, SCHEMA + "a text entity has no \"text\" string");
            }
            return append(part);
        }

        private boolean append(String part) {
            if (text.length() + part.length() > WhatsAppParser.MAX_MESSAGE_CHARS) {
                return false;
            }
            text.append(part);
            return true;
        }
    }
}
