package dev.pvault.client.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChatNamesTest {

    @ParameterizedTest
    @CsvSource(
            delimiterString = " | ",
            value = {
                "WhatsApp Chat with Alice.txt | Alice",
                "exports/WhatsApp Chat - Family Group/_chat.txt | Family Group",
                "WhatsApp-Chat mit Oma.txt | Oma",
                "Chat de WhatsApp con Lucía.txt | Lucía",
                "whatstk__pokemon.txt | whatstk__pokemon",
                "result.json | result",
                "notes.jsonl | notes",
                "_chat.txt | wt",
            })
    void fromFile(String file, String expected) {
        Path path = file.contains("/") ? Path.of(file) : Path.of("wt").resolve(file);
        assertThat(ChatNames.fromFile(path, "fallback")).isEqualTo(expected);
    }
}
