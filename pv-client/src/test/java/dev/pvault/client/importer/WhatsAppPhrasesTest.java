package dev.pvault.client.importer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pvault.client.importer.WhatsAppPhrases.Kind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WhatsAppPhrasesTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Messages and calls are end-to-end encrypted. No one outside of this chat can read them.",
                "Messages to this group are now secured with end-to-end encryption. Tap for more info.",
                "Messages you send to this group are now secured with end-to-end encryption. Tap for more info.",
                "This business uses a secure service from Meta to manage this chat. Tap to learn more.",
                "Nachrichten und Anrufe sind Ende-zu-Ende-verschlüsselt.",
                "Les messages et les appels sont chiffrés de bout en bout.",
                "As mensagens e as chamadas são protegidas com a criptografia de ponta a ponta.",
                "This message was deleted",
                "You deleted this message",
                "This message was deleted.",
                "Dit bericht is verwijderd",
                "Alice created group \"Trip\"",
                "Person A hat die Gruppe erstellt.",
                "Sophie Dubois a créé le groupe",
            })
    void systemWordings_evenWithoutTheIosMark(String body) {
        assertThat(WhatsAppPhrases.classify(body, false, true)).isEqualTo(Kind.SYSTEM);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "<Media omitted>",
                "<Medien ausgeschlossen>",
                "<Médias omis>",
                "<Multimedia omitido>",
                "<attached: 00000012-PHOTO-2024-01-19-19-45-30.jpg>",
                "IMG-20241202-WA0001.jpg (file attached)",
                "PTT-20241203-WA0004.opus (file attached)",
                ".jpg (Datei angehängt)",
                "image omitted",
                "GIF omitted",
                "Lecture notes.pdf • 3 pages document omitted",
                "Bild weggelassen",
            })
    void mediaPlaceholders(String body) {
        assertThat(WhatsAppPhrases.classify(body, false, true)).isEqualTo(Kind.MEDIA);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Is this chat end-to-end encrypted?",
                "I deleted this message by accident",
                "Alice created group projects at work",
                "<3",
                "see <b>this</b>",
                "Bob left",
                "I added you to the list",
                "the image omitted from the report",
            })
    void peoplesWords_stayText(String body) {
        assertThat(WhatsAppPhrases.classify(body, false, true)).isEqualTo(Kind.TEXT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Josh added you", "Missed voice call", "Bob changed this group's icon", "Bob left"})
    void iosMarkedBodies_areGenerated(String body) {
        assertThat(WhatsAppPhrases.classify(body, true, true)).isEqualTo(Kind.SYSTEM);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Location: https://maps.google.com/?q=1,2", "POLL:"})
    void iosMarkedLocationsAndPolls_stayText(String body) {
        assertThat(WhatsAppPhrases.classify(body, true, true)).isEqualTo(Kind.TEXT);
    }
}
