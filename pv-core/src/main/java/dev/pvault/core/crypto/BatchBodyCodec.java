package dev.pvault.core.crypto;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pvault.core.InternalException;
import dev.pvault.core.model.ChatMessage;
import dev.pvault.core.model.MessageId;
import dev.pvault.core.model.MessageKind;
import java.io.IOException;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * The plaintext of a sealed batch: UTF-8 JSON {@code {"messages":[{"id","chat","sender","time","zone"?,
 * "text","kind"}]}} (docs/FORMAT.md, "Batch body"). JSON so that any client can read it with its standard
 * library; the envelope around it does the rest.
 */
final class BatchBodyCodec {
    private static final ObjectMapper JSON = new ObjectMapper()
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private BatchBodyCodec() {}

    record Body(List<Entry> messages) {}

    record Entry(String id, String chat, String sender, String time, String zone, String text, String kind) {
        @Override
        public String toString() {
            return "Entry[id=" + id + ", redacted]";
        }
    }

    static byte[] encode(List<ChatMessage> messages) {
        List<Entry> entries = new ArrayList<>(messages.size());
        for (ChatMessage m : messages) {
            entries.add(new Entry(
                    m.id().hex(),
                    m.chat(),
                    m.sender(),
                    MessageIdKey.TIME_FORMAT.format(m.time()),
                    m.zone() == null ? null : m.zone().getId(),
                    m.text(),
                    m.kind().name().toLowerCase(java.util.Locale.ROOT)));
        }
        try {
            return JSON.writeValueAsBytes(new Body(entries));
        } catch (JsonProcessingException e) {
            throw new InternalException("cannot encode a batch of " + messages.size() + " messages", e);
        }
    }

    static List<ChatMessage> decode(byte[] json, String what) {
        Body body;
        try {
            body = JSON.readValue(json, Body.class);
        } catch (IOException e) {
            // The body authenticated, so this is a sealer that wrote something else: say where, not what.
            throw new MalformedEnvelopeException(what + ": body is not the batch JSON ("
                    + e.getClass().getSimpleName() + " at " + json.length + " bytes)");
        }
        if (body == null || body.messages() == null) {
            throw new MalformedEnvelopeException(what + ": body has no messages array");
        }
        List<ChatMessage> messages = new ArrayList<>(body.messages().size());
        for (int i = 0; i < body.messages().size(); i++) {
            messages.add(toMessage(body.messages().get(i), i, what));
        }
        return messages;
    }

    private static ChatMessage toMessage(Entry e, int index, String what) {
        try {
            return new ChatMessage(
                    MessageId.parse(e.id()),
                    e.chat(),
                    e.sender(),
                    LocalDateTime.parse(e.time()),
                    e.zone() == null ? null : ZoneId.of(e.zone()),
                    e.text(),
                    MessageKind.valueOf(e.kind().toUpperCase(java.util.Locale.ROOT)));
        } catch (RuntimeException ex) {
            throw new MalformedEnvelopeException(what + ": message " + index + " has a missing or invalid field ("
                    + ex.getClass().getSimpleName() + ")");
        }
    }
}
