package dev.pvault.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pvault.core.crypto.MessageIdAssigner;
import dev.pvault.core.crypto.MessageIdKey;
import dev.pvault.core.model.ChatMessage;
import dev.pvault.core.model.MessageKind;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchAssemblerTest {
    private final MessageIdAssigner ids = new MessageIdAssigner(MessageIdKey.generate());
    private final List<List<ChatMessage>> batches = new ArrayList<>();

    private ChatMessage message(String chat, int i, String text) {
        return ids.assign(
                chat, LocalDateTime.parse("2024-01-01T00:00").plusMinutes(i), null, "s", text, MessageKind.TEXT);
    }

    @Test
    void batches_holdOneChatEachAndAtMostTheLimit() {
        BatchAssembler assembler = new BatchAssembler(3, 10_000, batches::add);
        for (int i = 0; i < 7; i++) {
            assembler.add(message(i % 2 == 0 ? "a" : "b", i, "text " + i));
        }
        assembler.finish();

        assertThat(batches).allSatisfy(batch -> {
            assertThat(batch).hasSizeLessThanOrEqualTo(3);
            assertThat(batch)
                    .extracting(ChatMessage::chat)
                    .containsOnly(batch.getFirst().chat());
        });
        assertThat(batches.stream().mapToInt(List::size).sum()).isEqualTo(7);
        assertThat(batches).hasSize(3); // a: 3 + 1, b: 3
    }

    @Test
    void batches_stayUnderTheCharacterBudget_butAHugeMessageStillGoesAlone() {
        BatchAssembler assembler = new BatchAssembler(100, 50, batches::add);
        assembler.add(message("a", 0, "x".repeat(30)));
        assembler.add(message("a", 1, "y".repeat(30)));
        assembler.add(message("a", 2, "z".repeat(500)));
        assembler.finish();

        assertThat(batches).extracting(List::size).containsExactly(1, 1, 1);
    }

    @Test
    void finish_withNothing_flushesNothing() {
        new BatchAssembler(5, 5, batches::add).finish();
        assertThat(batches).isEmpty();
    }
}
