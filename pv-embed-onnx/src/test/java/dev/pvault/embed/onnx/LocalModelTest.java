package dev.pvault.embed.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LocalModelTest {

    @Test
    void parseConfig_readsEveryKey() {
        LocalModel.Config config = LocalModel.parseConfig("""
                {"name": "multilingual-e5-small", "pooling": "cls", "normalize": false, "max_tokens": 512,
                 "query_prefix": "query: ", "passage_prefix": "passage: "}
                """);

        assertThat(config)
                .isEqualTo(new LocalModel.Config(
                        "multilingual-e5-small", Pooling.CLS, false, 512, "query: ", "passage: "));
    }

    @Test
    void parseConfig_defaultsToNormalisedMeanPoolingWithoutPrefixes() {
        LocalModel.Config config = LocalModel.parseConfig("{\"name\": \"m\", \"max_tokens\": 128}");

        assertThat(config).isEqualTo(new LocalModel.Config("m", Pooling.MEAN, true, 128, "", ""));
    }

    @Test
    void parseConfig_rejectsUnknownKeys() {
        assertThatThrownBy(() -> LocalModel.parseConfig("{\"name\": \"m\", \"max_tokens\": 128, \"pooing\": \"cls\"}"))
                .hasMessageContaining("unknown key 'pooing'");
    }

    @Test
    void parseConfig_requiresAnIdSafeName() {
        assertThatThrownBy(() -> LocalModel.parseConfig("{\"name\": \"My Model\", \"max_tokens\": 128}"))
                .hasMessageContaining("'name'");
        assertThatThrownBy(() -> LocalModel.parseConfig("{\"max_tokens\": 128}"))
                .hasMessageContaining("'name'");
    }

    @Test
    void parseConfig_requiresMaxTokens() {
        assertThatThrownBy(() -> LocalModel.parseConfig("{\"name\": \"m\"}")).hasMessageContaining("'max_tokens'");
        assertThatThrownBy(() -> LocalModel.parseConfig("{\"name\": \"m\", \"max_tokens\": \"512\"}"))
                .hasMessageContaining("'max_tokens'");
    }

    @Test
    void parseConfig_rejectsWrongTypesAndBrokenJson() {
        assertThatThrownBy(() -> LocalModel.parseConfig("{\"name\": \"m\", \"max_tokens\": 8, \"normalize\": 1}"))
                .hasMessageContaining("'normalize'");
        assertThatThrownBy(() -> LocalModel.parseConfig("{\"name\": \"m\", \"max_tokens\": 8, \"pooling\": \"max\"}"))
                .hasMessageContaining("'max'");
        assertThatThrownBy(() -> LocalModel.parseConfig("{\"name\": ")).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> LocalModel.parseConfig("[]")).hasMessageContaining("JSON object");
    }

    @Test
    void fingerprint_changesWithAnyOfTheThreeFiles() {
        String a = "a".repeat(64);
        String b = "b".repeat(64);
        String base = LocalModel.fingerprint(a, a, a);

        assertThat(base).hasSize(12).matches("[0-9a-f]{12}");
        assertThat(LocalModel.fingerprint(a, a, a)).isEqualTo(base);
        assertThat(LocalModel.fingerprint(b, a, a)).isNotEqualTo(base);
        assertThat(LocalModel.fingerprint(a, b, a)).isNotEqualTo(base);
        assertThat(LocalModel.fingerprint(a, a, b)).isNotEqualTo(base);
    }
}
