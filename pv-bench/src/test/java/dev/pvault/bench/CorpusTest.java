package dev.pvault.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CorpusTest {

    @Test
    void generated_isDeterministicAndChatLike() {
        Corpus first = Corpus.generated(500);
        Corpus second = Corpus.generated(500);

        assertThat(first.messages()).hasSize(500).isEqualTo(second.messages());
        assertThat(first.source()).isEqualTo("generated");
        assertThat(first.messages()).allSatisfy(m -> assertThat(m).isNotBlank());
        assertThat(first.messages().stream().distinct().count()).isGreaterThan(250);
        assertThat(first.messages().stream().mapToInt(String::length).max().orElseThrow())
                .isGreaterThan(3
                        * first.messages().stream()
                                .mapToInt(String::length)
                                .min()
                                .orElseThrow());
    }
}
