package dev.pvault.embed.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pvault.core.UserException;
import dev.pvault.core.embed.EmbedderProvider;
import org.junit.jupiter.api.Test;

class OpenAiModelTest {
    @Test
    void parse_theModelsOwnSize_orAShortenedOne() {
        assertThat(OpenAiModel.parse("openai:text-embedding-3-small"))
                .isEqualTo(new OpenAiModel("text-embedding-3-small", 1536));
        assertThat(OpenAiModel.parse("openai:text-embedding-3-large@1024").dimensions())
                .isEqualTo(1024);
        assertThat(OpenAiModel.parse("openai:text-embedding-3-large").shortened())
                .isFalse();
        assertThat(OpenAiModel.parse("openai:text-embedding-3-large@1024").shortened())
                .isTrue();
    }

    @Test
    void modelId_alwaysNamesTheSize_soTwoSizesNeverMix() {
        assertThat(OpenAiModel.parse("openai:text-embedding-3-small").modelId())
                .isEqualTo("openai:text-embedding-3-small@1536")
                .isEqualTo(
                        OpenAiModel.parse("openai:text-embedding-3-small@1536").modelId());
        assertThat(OpenAiModel.parse("openai:text-embedding-3-small@512").modelId())
                .isEqualTo("openai:text-embedding-3-small@512");
    }

    @Test
    void parse_refusesWhatTheApiWouldRefuse() {
        assertThatThrownBy(() -> OpenAiModel.parse("openai:text-embedding-ada-002"))
                .isInstanceOf(UserException.class)
                .hasMessageContaining("known: [text-embedding-3-large, text-embedding-3-small]");
        assertThatThrownBy(() -> OpenAiModel.parse("openai:text-embedding-3-small@2048"))
                .isInstanceOf(UserException.class)
                .hasMessageContaining("1 to 1536");
        assertThatThrownBy(() -> OpenAiModel.parse("openai:text-embedding-3-small@0"))
                .isInstanceOf(UserException.class);
        assertThatThrownBy(() -> OpenAiModel.parse("openai:text-embedding-3-small@big"))
                .isInstanceOf(UserException.class)
                .hasMessageContaining("not a number");
        assertThatThrownBy(() -> OpenAiModel.parse("onnx:all-minilm-l6-v2")).isInstanceOf(UserException.class);
    }

    @Test
    void provider_isFoundThroughTheServiceLoader() {
        ClassLoader loader = getClass().getClassLoader();
        assertThat(EmbedderProvider.isAvailable("openai:text-embedding-3-small", loader))
                .isTrue();
        assertThat(EmbedderProvider.isAvailable("onnx:all-minilm-l6-v2", loader))
                .isFalse();
        try (var embedder = EmbedderProvider.open("openai:text-embedding-3-small@256", loader)) {
            assertThat(embedder).isInstanceOf(OpenAiEmbedder.class);
            assertThat(embedder.modelId()).isEqualTo("openai:text-embedding-3-small@256");
            assertThat(embedder.dimension()).isEqualTo(256);
        }
    }
}
