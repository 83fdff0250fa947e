package dev.pvault.client.importer;

import static dev.pvault.client.importer.Imports.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FormatDetectorTest {

    @ParameterizedTest
    @CsvSource({
        "whatsapp/android-dmy-24h.txt, WHATSAPP",
        "whatsapp/ios-mdy-12h.txt, WHATSAPP",
        "whatsapp/not-a-chat.txt, WHATSAPP",
        "telegram/single-chat.json, TELEGRAM",
        "telegram/full-export.json, TELEGRAM",
        "telegram/wrong-schema.json, TELEGRAM",
        "jsonl/messages.jsonl, JSONL",
        "jsonl/bad-line.jsonl, JSONL",
    })
    void detect_knowsEachFixture(String file, ExportFormat expected) throws IOException {
        assertThat(FormatDetector.detect(ExportSource.of(fixture(file)))).isEqualTo(expected);
    }

    @Test
    void detect_jsonWithoutTellingKeys_byHowManyObjects() throws IOException {
        assertThat(detect("{\"id\": 1}\n{\"id\": 2}")).isEqualTo(ExportFormat.JSONL);
        assertThat(detect("{\"id\": 1}")).isEqualTo(ExportFormat.TELEGRAM);
        assertThat(detect("\uFEFF  {\"messages\": []}")).isEqualTo(ExportFormat.TELEGRAM);
    }

    @Test
    void detect_rejectsZipArchivesAndJsonArrays() {
        assertThatThrownBy(() -> FormatDetector.detect(Imports.bytes("chat.zip", new byte[] {'P', 'K', 3, 4, 0})))
                .hasMessageContaining("zip archive");
        assertThatThrownBy(() -> detect("[{\"a\": 1}]")).hasMessageContaining("JSON array");
    }

    @Test
    void detect_rejectsInvalidJsonWhileLooking() {
        assertThatThrownBy(() -> detect("{\"id\" 1}"))
                .isInstanceOf(ExportRejectedException.class)
                .hasMessageContaining("invalid JSON");
    }

    private static ExportFormat detect(String content) throws IOException {
        return FormatDetector.detect(Imports.text("f", content));
    }
}
