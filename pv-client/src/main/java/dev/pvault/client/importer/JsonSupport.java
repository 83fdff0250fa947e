package dev.pvault.client.importer;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** Jackson streaming set-up and the JSON rules the Telegram and JSONL readers share. */
final class JsonSupport {
    private JsonSupport() {}

    /**
     * Strict JSON. Locations carry line and column only, never the source: a parse error must not quote
     * content ({@code INCLUDE_SOURCE_IN_LOCATION} is off).
     */
    static final JsonFactory FACTORY = JsonFactory.builder()
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    /**
     * Turns a Jackson error into a rejection that names the place only. Jackson's own messages can quote the
     * offending token, which may be message text, so they are not passed on.
     */
    static ExportRejectedException invalid(String file, JsonProcessingException e) {
        JsonLocation location = e.getLocation();
        if (location == null || location.getLineNr() < 1) {
            return new ExportRejectedException(
                    file, 0, "invalid JSON (" + e.getClass().getSimpleName() + ")");
        }
        return new ExportRejectedException(
                file, location.getLineNr(), "invalid JSON at column " + location.getColumnNr());
    }

    /** The line the current token starts on. */
    static long line(JsonParser parser) {
        return parser.currentTokenLocation().getLineNr();
    }

    /** A string value, or {@code null} for JSON null; anything else is a schema error. */
    static String stringOrNull(JsonParser parser, String file, String prefix, String field) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.VALUE_STRING) {
            throw schema(parser, file, prefix + "\"" + field + "\" is not a string");
        }
        return parser.getText();
    }

    /** A string or number value as text (ids, Unix times), {@code null} for JSON null. */
    static String scalarOrNull(JsonParser parser, String file, String prefix, String field) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.VALUE_STRING && token != JsonToken.VALUE_NUMBER_INT) {
            throw schema(parser, file, prefix + "\"" + field + "\" is not a string or a whole number");
        }
        return parser.getText();
    }

    static ExportRejectedException schema(JsonParser parser, String file, String reason) {
        return new ExportRejectedException(file, line(parser), reason);
    }

    /**
     * Reads an ISO-8601 date and time as exported. A local time ({@code 2021-03-22T17:16:36}) is kept as it is;
     * one with an offset or {@code Z} is moved into {@code zone} when one is pinned, else kept as written.
     * Fractions of a second are dropped. {@code null} when the text is not such a time.
     */
    static LocalDateTime isoTime(String text, ZoneId zone) {
        try {
            return LocalDateTime.parse(text).withNano(0);
        } catch (DateTimeException notLocal) {
            try {
                OffsetDateTime withOffset = OffsetDateTime.parse(text);
                LocalDateTime local = zone == null
                        ? withOffset.toLocalDateTime()
                        : withOffset.atZoneSameInstant(zone).toLocalDateTime();
                return local.withNano(0);
            } catch (DateTimeException notOffset) {
                return null;
            }
        }
    }

    /**
     * Reads Unix seconds as the local time in {@code zone}, or in UTC when no zone is pinned (the machine's zone
     * would make the same export give different message ids on different machines). {@code null} when the text
     * is not a whole number of seconds in range.
     */
    static LocalDateTime unixTime(String text, ZoneId zone) {
        try {
            long seconds = Long.parseLong(text.strip());
            return LocalDateTime.ofInstant(Instant.ofEpochSecond(seconds), zone == null ? ZoneOffset.UTC : zone);
        } catch (NumberFormatException | DateTimeException e) {
            return null;
        }
    }
}
