package dev.pvault.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextsTest {
    @Test
    void wellFormed_keepsValidTextAsIs() {
        String text = "plain, עברית, 😀 and 👩‍👩‍👧";
        assertThat(Texts.wellFormed(text)).isSameAs(text);
    }

    @Test
    void wellFormed_replacesOnlyUnpairedSurrogates() {
        assertThat(Texts.wellFormed("a\uD83Db")).isEqualTo("a\uFFFDb");
        assertThat(Texts.wellFormed("\uDE00")).isEqualTo("\uFFFD");
        assertThat(Texts.wellFormed("😀\uD83D")).isEqualTo("😀\uFFFD");
        assertThat(Texts.wellFormed("\uD83D\uD83D\uDE00")).isEqualTo("\uFFFD😀");
    }
}
