package dev.pvault.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pvault.core.model.ChatMessage;
import dev.pvault.core.model.MessageId;
import dev.pvault.core.model.MessageKind;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageIdsTest {
    private static final LocalDateTime T = LocalDateTime.parse("2024-02-29T12:00:00");
    private final MessageIdKey key = MessageIdKey.generate();

    @Test
    void sameMessage_sameId_underOneKey() {
        assertThat(key.idFor("c", T, "s", "hi", 0)).isEqualTo(key.idFor("c", T, "s", "hi", 0));
    }

    @Test
    void anotherKey_givesAnotherId_soTheServerCannotTestGuesses() {
        assertThat(MessageIdKey.generate().idFor("c", T, "s", "hi", 0)).isNotEqualTo(key.idFor("c", T, "s", "hi", 0));
    }

    @Test
    void fieldBoundaries_areUnambiguous() {
        assertThat(key.idFor("ab", T, "c", "x", 0)).isNotEqualTo(key.idFor("a", T, "bc", "x", 0));
        assertThat(key.idFor("c", T, "s", "", 0)).isNotEqualTo(key.idFor("c", T, "", "s", 0));
    }

    @Test
    void secondsAndNanos_areCanonical() {
        assertThat(key.idFor("c", T.withNano(5), "s", "t", 0)).isEqualTo(key.idFor("c", T, "s", "t", 0));
    }

    @Test
    void assigner_numbersIdenticalMessagesWithinATimestamp() {
        MessageIdAssigner assigner = new MessageIdAssigner(key);
        ChatMessage first = assigner.assign("c", T, null, "Ana", "ok", MessageKind.TEXT);
        ChatMessage other = assigner.assign("c", T, null, "Ben", "ok", MessageKind.TEXT);
        ChatMessage second = assigner.assign("c", T, null, "Ana", "ok", MessageKind.TEXT);
        assertThat(first.id()).isEqualTo(key.idFor("c", T, "Ana", "ok", 0));
        assertThat(other.id()).isEqualTo(key.idFor("c", T, "Ben", "ok", 0));
        assertThat(second.id()).isEqualTo(key.idFor("c", T, "Ana", "ok", 1));
    }

    @Test
    void assigner_givesOverlappingExportsTheSameIds() {
        List<String[]> chat = List.of(
                new String[] {"09:00", "Ana", "morning"},
                new String[] {"09:01", "Ben", "ok"},
                new String[] {"09:01", "Ben", "ok"},
                new String[] {"09:02", "Ana", "see you"},
                new String[] {"09:03", "Ben", "ok"});
        List<MessageId> full = ids(chat);
        List<MessageId> tail = ids(chat.subList(1, chat.size()));
        assertThat(tail).isEqualTo(full.subList(1, full.size()));
        assertThat(full).doesNotHaveDuplicates();
    }

    private List<MessageId> ids(List<String[]> rows) {
        MessageIdAssigner assigner = new MessageIdAssigner(key);
        return rows.stream()
                .map(r -> assigner.assign(
                                "c", LocalDateTime.parse("2024-01-01T" + r[0]), null, r[1], r[2], MessageKind.TEXT)
                        .id())
                .toList();
    }

    @Test
    void assigner_keepsCountingWhenTimeGoesBackAndForth() {
        // Real exports have out-of-order lines; "ok" at 09:01 on either side of 09:02 must stay two messages.
        List<MessageId> ids = ids(
                List.of(new String[] {"09:01", "Ben", "ok"}, new String[] {"09:02", "Ana", "late line"}, new String[] {
                    "09:01", "Ben", "ok"
                }));
        assertThat(ids).doesNotHaveDuplicates();
        assertThat(ids.get(2)).isEqualTo(key.idFor("c", LocalDateTime.parse("2024-01-01T09:01"), "Ben", "ok", 1));
    }

    @Test
    void assigner_remembersABoundedNumberOfIdentities() {
        MessageIdAssigner assigner = new MessageIdAssigner(key);
        ChatMessage first = assigner.assign("c", T, null, "s", "same", MessageKind.TEXT);
        for (int i = 0; i < MessageIdAssigner.REMEMBERED; i++) {
            assigner.assign("c", T, null, "s", "filler " + i, MessageKind.TEXT);
        }
        // The first identity was forgotten, so its count starts again: documented in FORMAT.md.
        assertThat(assigner.assign("c", T, null, "s", "same", MessageKind.TEXT).id())
                .isEqualTo(first.id());
    }

    @Test
    void messageId_parsesItsHexAndRejectsOthers() {
        MessageId id = key.idFor("c", T, "s", "t", 0);
        assertThat(MessageId.parse(id.hex())).isEqualTo(id);
        assertThat(id.hex()).hasSize(32).matches("[0-9a-f]+");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> MessageId.parse("xyz"))
                .isInstanceOf(dev.pvault.core.VaultException.class);
    }
}
