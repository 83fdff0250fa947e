package dev.pvault.embed.openai;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InputsTest {
    private final Inputs inputs = new Inputs(TokenLimits.OPENAI);

    @Test
    void prepare_countsCl100kTokens() {
        Inputs.Input input = inputs.prepare("hello world");
        assertThat(input.tokens()).isEqualTo(2);
        assertThat(input.truncated()).isFalse();
        assertThat(input.text()).isEqualTo("hello world");
    }

    @Test
    void prepare_specialTokensArePlainText() {
        assertThat(inputs.prepare("<|endoftext|>").tokens()).isGreaterThan(1);
    }

    @Test
    void prepare_anEmptyTextIsSentAsASpace() {
        assertThat(inputs.prepare("")).isEqualTo(new Inputs.Input(" ", 1, false));
    }

    @Test
    void prepare_cutsAnOverlongTextToTheLimit_atAWholeCharacter() {
        String text = "héllo wörld 🎉 ".repeat(3000); // 27,001 tokens, with surrogate pairs
        Inputs.Input input = inputs.prepare(text);

        assertThat(input.truncated()).isTrue();
        assertThat(input.tokens()).isLessThanOrEqualTo(8191).isGreaterThan(8100);
        assertThat(text).startsWith(input.text());
        assertThat(Character.isHighSurrogate(input.text().charAt(input.text().length() - 1)))
                .isFalse();
        assertThat(input.toString()).doesNotContain("llo");
    }

    @Test
    void prepare_exactlyAtTheLimit_isKeptWhole() {
        String text = " a".repeat(8191); // one token per " a"
        Inputs.Input input = inputs.prepare(text);
        assertThat(input.tokens()).isEqualTo(8191);
        assertThat(input.truncated()).isFalse();
    }
}
