package dev.pvault.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pvault.core.VaultException;
import dev.pvault.core.crypto.MessageIdAssigner;
import dev.pvault.core.crypto.MessageIdKey;
import dev.pvault.core.model.ChatMessage;
import dev.pvault.core.model.MessageKind;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

class SearchRequestTest {
    private final ChatMessage message = new MessageIdAssigner(MessageIdKey.generate())
            .assign("Family Group", LocalDateTime.parse("2024-03-02T15:22"), null, "Mum", "dentist", MessageKind.TEXT);

    @Test
    void filters_matchNamesInAnyCaseAndTimesHalfOpen() {
        assertThat(SearchRequest.of("q", 5).accepts(message)).isTrue();
        assertThat(new SearchRequest("q", 5, "family", null, null, null).accepts(message))
                .isTrue();
        assertThat(new SearchRequest("q", 5, "work", null, null, null).accepts(message))
                .isFalse();
        assertThat(new SearchRequest("q", 5, null, "MUM", null, null).accepts(message))
                .isTrue();
        LocalDateTime exactly = message.time();
        assertThat(new SearchRequest("q", 5, null, null, exactly, null).accepts(message))
                .isTrue();
        assertThat(new SearchRequest("q", 5, null, null, null, exactly).accepts(message))
                .isFalse();
        assertThat(new SearchRequest("q", 5, null, null, exactly.minusDays(1), exactly.plusMinutes(1)).accepts(message))
                .isTrue();
    }

    @Test
    void badRequests_areUserErrors() {
        assertThatThrownBy(() -> SearchRequest.of(" ", 5)).isInstanceOf(VaultException.class);
        assertThatThrownBy(() -> SearchRequest.of("q", 0)).isInstanceOf(VaultException.class);
        LocalDateTime t = LocalDateTime.parse("2024-01-01T00:00");
        assertThatThrownBy(() -> new SearchRequest("q", 5, null, null, t, t)).isInstanceOf(VaultException.class);
    }

    @Test
    void toString_hidesTheQuery() {
        assertThat(SearchRequest.of("my secret words", 3).toString()).doesNotContain("secret");
        assertThat(new SearchHit(1, 0.5, "c", "s", LocalDateTime.now(), "private text").toString())
                .doesNotContain("private");
    }
}
