package dev.pvault.core.model;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Objects;

/**
 * One message of a chat, as the user's device knows it.
 *
 * <p>{@code time} is the local time the export printed; {@code zone} is set only when the user pinned one
 * at import. Strings are made well-formed UTF-16 on construction (an unpaired surrogate becomes U+FFFD), so
 * what is sealed, hashed and embedded is exactly what UTF-8 can carry.
 *
 * <p>{@link #toString()} never shows the chat, sender or text: records like this one end up in logs.
 */
public record ChatMessage(
        MessageId id, String chat, String sender, LocalDateTime time, ZoneId zone, String text, MessageKind kind) {

    public ChatMessage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(kind, "kind");
        chat = Texts.wellFormed(Objects.requireNonNull(chat, "chat"));
        sender = Texts.wellFormed(Objects.requireNonNull(sender, "sender"));
        text = Texts.wellFormed(Objects.requireNonNull(text, "text"));
        time = time.withNano(0);
    }

    @Override
    public String toString() {
        return "ChatMessage[id=" + id + ", kind=" + kind + ", time=" + time + ", text=<" + text.length()
                + " chars redacted>]";
    }
}
