package dev.pvault.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class StsBenchmarkTest {

    @Test
    void parse_readsQuotedFieldsWithCommasQuotesAndLineBreaks() {
        String csv = "A man is dancing.,A man dances.,5.0\r\n"
                + "\"Well, she said \"\"no\"\".\",\"two\nlines\",0.25\n"
                + "\n"
                + "last,pair,3";

        List<StsBenchmark.Pair> pairs = StsBenchmark.parse(csv);

        assertThat(pairs)
                .containsExactly(
                        new StsBenchmark.Pair("A man is dancing.", "A man dances.", 5.0),
                        new StsBenchmark.Pair("Well, she said \"no\".", "two\nlines", 0.25),
                        new StsBenchmark.Pair("last", "pair", 3.0));
    }

    @Test
    void parse_namesTheLineOfABadRecord() {
        assertThatThrownBy(() -> StsBenchmark.parse("a,b,1\nc,d\n"))
                .hasMessage("line 2: expected 3 fields (sentence1,sentence2,score), found 2");
        assertThatThrownBy(() -> StsBenchmark.parse("a,b,high\n")).hasMessage("line 1: the score is not a number");
        assertThatThrownBy(() -> StsBenchmark.parse("\"a,b,1\n")).hasMessageContaining("unterminated");
    }

    @Test
    void pair_toStringShowsNoSentence() {
        assertThat(new StsBenchmark.Pair("secret one", "secret two", 2.5).toString())
                .isEqualTo("Pair[score=2.5]");
    }
}
