package dev.pvault.core.crypto;

import dev.pvault.core.model.ChatMessage;
import dev.pvault.core.model.MessageKind;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/** Test messages with real ids. */
final class Messages {
    static final MessageIdKey ID_KEY = MessageIdKey.generate();
    static final LocalDateTime START = LocalDateTime.parse("2024-05-01T08:00:00");

    private Messages() {}

    static List<ChatMessage> of(String... texts) {
        List<ChatMessage> messages = new ArrayList<>();
        MessageIdAssigner assigner = new MessageIdAssigner(ID_KEY);
        for (int i = 0; i < texts.length; i++) {
            messages.add(assigner.assign(
                    "Team chat", START.plusMinutes(i), null, i % 2 == 0 ? "Ana" : "Ben", texts[i], MessageKind.TEXT));
        }
        return messages;
    }
}
