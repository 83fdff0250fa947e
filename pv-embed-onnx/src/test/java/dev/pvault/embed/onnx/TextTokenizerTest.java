package dev.pvault.embed.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextTokenizerTest {

    @Test
    void prepare_replacesUnpairedSurrogates() {
        assertThat(TextTokenizer.prepare("a\uD800b\uDC00c", 100)).isEqualTo("a\uFFFDb\uFFFDc");
    }

    @Test
    void prepare_keepsPairedSurrogatesAndOtherText() {
        String text = "emoji 😀 مرحبا \u0000";

        assertThat(TextTokenizer.prepare(text, 100)).isSameAs(text);
    }

    @Test
    void prepare_cutsLongTextBetweenCodePoints() {
        String text = "abc😀def";

        assertThat(TextTokenizer.prepare(text, 4)).isEqualTo("abc");
        assertThat(TextTokenizer.prepare(text, 5)).isEqualTo("abc😀");
        assertThat(TextTokenizer.prepare(text, 3)).isEqualTo("abc");
    }
}
