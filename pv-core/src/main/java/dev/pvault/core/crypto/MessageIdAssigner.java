package dev.pvault.core.crypto;

import dev.pvault.core.model.ChatMessage;
import dev.pvault.core.model.MessageId;
import dev.pvault.core.model.MessageKind;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Gives ids to the messages of one import, in file order.
 *
 * <p>The position of a message is how many identical messages (same chat, time, sender and text) came
 * before it in the file. Because the time is part of what "identical" means, this counts within one
 * timestamp, which is what makes overlapping exports agree: the same message sits at different file
 * offsets in two exports but among the same neighbours in its minute. Out-of-order lines (real exports have
 * them) keep their count, because identities are remembered across other timestamps.
 *
 * <p>Memory is bounded: the assigner remembers the {@value #REMEMBERED} most recently seen identities, each
 * as its 16-byte keyed digest (the id at position 0), never the text. Identical messages further apart than
 * that in one file start counting again at 0 (docs/FORMAT.md, "Message ids").
 *
 * <p>Not thread-safe: one assigner per import stream.
 */
public final class MessageIdAssigner {
    public static final int REMEMBERED = 16_384;

    private final MessageIdKey key;
    private final Map<MessageId, Integer> occurrences = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<MessageId, Integer> eldest) {
            return size() > REMEMBERED;
        }
    };

    public MessageIdAssigner(MessageIdKey key) {
        this.key = Objects.requireNonNull(key, "key");
    }

    /** Builds the message with its id. */
    public ChatMessage assign(
            String chat, LocalDateTime time, ZoneId zone, String sender, String text, MessageKind kind) {
        // The record normalises the strings and the time; ids are computed from what it holds.
        ChatMessage draft = new ChatMessage(PLACEHOLDER, chat, sender, time, zone, text, kind);
        MessageId first = key.idFor(draft.chat(), draft.time(), draft.sender(), draft.text(), 0);
        int position = occurrences.merge(first, 1, Integer::sum) - 1;
        MessageId id =
                position == 0 ? first : key.idFor(draft.chat(), draft.time(), draft.sender(), draft.text(), position);
        return new ChatMessage(id, draft.chat(), draft.sender(), draft.time(), zone, draft.text(), kind);
    }

    private static final MessageId PLACEHOLDER = MessageId.of(new byte[MessageId.LENGTH]);
}
