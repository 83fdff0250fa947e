package dev.pvault.core.crypto;

import dev.pvault.core.model.ChatMessage;
import dev.pvault.core.model.MessageId;
import dev.pvault.core.model.MessageKind;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Gives ids to the messages of one import, in file order.
 *
 * <p>The position of a message is how many identical messages (same chat, time, sender and text) came
 * before it within the same timestamp. Counting within the timestamp, not within the file, is what makes
 * overlapping exports agree: the same message sits at different file offsets in two exports but among
 * the same neighbours in its minute. Memory stays bounded on streams of any length, because only the
 * current timestamp's messages are remembered.
 *
 * <p>Not thread-safe: one assigner per import stream.
 */
public final class MessageIdAssigner {
    private final MessageIdKey key;
    private final Map<String, LocalDateTime> currentTimeByChat = new HashMap<>();
    private final Map<Identity, Integer> seenAtCurrentTime = new HashMap<>();

    public MessageIdAssigner(MessageIdKey key) {
        this.key = Objects.requireNonNull(key, "key");
    }

    /** Builds the message with its id. */
    public ChatMessage assign(
            String chat, LocalDateTime time, ZoneId zone, String sender, String text, MessageKind kind) {
        ChatMessage draft = new ChatMessage(placeholderId(), chat, sender, time, zone, text, kind);
        int position = nextPosition(draft);
        MessageId id = key.idFor(draft.chat(), draft.time(), draft.sender(), draft.text(), position);
        return new ChatMessage(id, draft.chat(), draft.sender(), draft.time(), zone, draft.text(), kind);
    }

    private int nextPosition(ChatMessage message) {
        LocalDateTime previous = currentTimeByChat.put(message.chat(), message.time());
        if (!message.time().equals(previous)) {
            seenAtCurrentTime.keySet().removeIf(identity -> identity.chat().equals(message.chat()));
        }
        Identity identity = new Identity(message.chat(), message.time(), message.sender(), message.text());
        return seenAtCurrentTime.merge(identity, 1, Integer::sum) - 1;
    }

    private static MessageId placeholderId() {
        return MessageId.of(new byte[MessageId.LENGTH]);
    }

    private record Identity(String chat, LocalDateTime time, String sender, String text) {
        @Override
        public String toString() {
            return "Identity[redacted]";
        }
    }
}
