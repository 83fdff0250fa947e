package dev.pvault.client.importer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pvault.client.importer.WhatsAppPhrases.Kind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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
                "Данное сообщение удалено.",
                "Tato zpráva byla smazána.",
                "このメッセージは削除されました。",
                "Pesan ini dihapus.",
                "Сообщения и звонки защищены сквозным шифрованием. Третьи лица не могут их прочитать.",
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
                "<Média vynechány>",
                "<Без медиафайлов>",
                "<Media weggelaten>",
                "<Без файл>",
                "<تم استبعاد الوسائط>",
                "<terlampir: 00000148-VIDEO-2021-03-12-15-32-09.mp4>",
                "<00000012-PHOTO-2024-01-19-19-45-30.jpg eklendi>",
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

    /**
     * Bodies iOS marks with U+200E as its own: events are system lines, placeholders (in the phone's language)
     * media, shared locations and polls text.
     */
    @ParameterizedTest
    @CsvSource(
            delimiterString = " | ",
            quoteCharacter = '"',
            value = {
                "Josh added you | SYSTEM",
                "Missed voice call | SYSTEM",
                "Bob changed this group's icon | SYSTEM",
                "Bob left | SYSTEM",
                "obrázek vynechán | MEDIA",
                "Kontaktkarte ausgelassen | MEDIA",
                "imagem não revelada | MEDIA",
                "изображение отсутствует | MEDIA",
                "зображення відсутнє | MEDIA",
                "gambar tidak disertakan | MEDIA",
                "đã bỏ qua hình ảnh | MEDIA",
                "画像は含まれていません | MEDIA",
                "ไม่มีรูปภาพ | MEDIA",
                "لم يتم إدراج الصورة | MEDIA",
                "\u092B\u093C\u094B\u091F\u094B \u0939\u091F\u093E\u0908 \u0917\u0908 | MEDIA",
                "GIF \u091B\u094B\u095C\u093E \u0917\u092F\u093E | MEDIA",
                "Location: https://maps.google.com/?q=1,2 | TEXT",
                "POLL: | TEXT",
                "Poloha: https://maps.google.com/?q=51.5,-0.12 | TEXT",
                "موقع: https://maps.google.com/?q=30.04,31.23 | TEXT",
                "location: https://maps.google.com/?q=29.58,106.54 | TEXT",
            })
    void iosMarkedBodies(String body, Kind kind) {
        assertThat(WhatsAppPhrases.classify(body, true, true)).isEqualTo(kind);
    }
}
