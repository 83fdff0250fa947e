package dev.pvault.client.index;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QueryTextTest {
    @Test
    void parse_splitsQuotedPhrasesAndKeepsAllWords() {
        QueryText query = QueryText.parse("dinner \"at the pub\" friday \"table 12");
        assertThat(query.phrases()).containsExactly("at the pub", "table 12");
        assertThat(query.words()).isEqualTo("dinner  at the pub  friday  table 12");
        assertThat(QueryText.parse("no quotes").phrases()).isEmpty();
        assertThat(QueryText.parse("\"\" empty").phrases()).isEmpty();
        assertThat(query.toString()).doesNotContain("pub");
    }
}
