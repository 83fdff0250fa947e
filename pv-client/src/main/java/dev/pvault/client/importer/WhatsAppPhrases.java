package dev.pvault.client.importer;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What WhatsApp itself writes into an export, as opposed to what people wrote: encryption notices, group
 * events, deleted-message markers (kept apart as system lines) and media placeholders (kept as media
 * messages, not embedded as text).
 *
 * <p>A line with no "Name: " after its date is a system line whatever it says, so the group-event wordings of
 * every language need no list. The lists here are for what appears after a name: iOS attributes events to the
 * group or the actor ("Josh: ‎Josh created this group"), and notices, deletions and placeholders always come
 * after a name. iOS marks everything it generates with a U+200E at the start of the body, which {@link
 * #classify} trusts; without that mark only the unmistakable wordings below count as generated.
 */
final class WhatsAppPhrases {
    private WhatsAppPhrases() {}

    enum Kind {
        TEXT,
        MEDIA,
        SYSTEM
    }

    /** Encryption and business notices, matched at the start of a body. */
    private static final List<String> NOTICE_PREFIXES = List.of(
            "Messages and calls are end-to-end encrypted",
            "Messages to this group are now secured with end-to-end encryption",
            "Messages you send to this group are now secured with end-to-end encryption",
            "Messages to this chat and calls are now secured with end-to-end encryption",
            "Messages you send to this chat and calls are now secured with end-to-end encryption",
            "This business uses a secure service from Meta",
            "This business is now using a secure service from Meta",
            "This chat is with a business account",
            "Waiting for this message",
            "Nachrichten und Anrufe sind Ende-zu-Ende-verschlüsselt",
            "Nachrichten an diese Gruppe sind jetzt mit Ende-zu-Ende-Verschlüsselung",
            "Nachrichten, die du an diese Gruppe sendest, sind jetzt mit Ende-zu-Ende-Verschlüsselung",
            "Les messages et les appels sont chiffrés de bout en bout",
            "Los mensajes y las llamadas están cifrados de extremo a extremo",
            "Los mensajes y las llamadas están protegidos con el cifrado de extremo a extremo",
            "As mensagens e as chamadas são protegidas com a criptografia de ponta a ponta",
            "As mensagens e ligações são protegidas com a criptografia de ponta a ponta",
            "I messaggi e le chiamate sono crittografati end-to-end",
            "Berichten en gesprekken worden end-to-end versleuteld",
            "Berichten en oproepen zijn end-to-end versleuteld",
            "Berichten en oproepen worden end-to-end versleuteld",
            "As mensagens e chamadas são encriptadas ponto a ponto",
            "Zprávy a hovory jsou opatřeny koncovým šifrováním",
            "Zprávy a hovory jsou zabezpečeny koncovým šifrováním",
            "Сообщения и звонки защищены сквозным шифрованием",
            "Повідомлення й дзвінки захищено наскрізним шифруванням",
            "Pesan dan panggilan terenkripsi secara end-to-end",
            "Tin nhắn và cuộc gọi được mã hóa đầu cuối",
            "メッセージと通話はエンドツーエンド暗号化されています",
            "ข้อความและการโทรได้รับการเข้ารหัส",
            "الرسائل والمكالمات مشفرة تمامًا بين الطرفين");

    /** Deleted-message markers: the whole body, without its final full stop. */
    private static final Set<String> DELETED = Set.of(
            "This message was deleted",
            "You deleted this message",
            "Diese Nachricht wurde gelöscht",
            "Du hast diese Nachricht gelöscht",
            "Ce message a été supprimé",
            "Vous avez supprimé ce message",
            "Se eliminó este mensaje",
            "Eliminaste este mensaje",
            "Este mensaje fue eliminado",
            "Mensagem apagada",
            "Esta mensagem foi apagada",
            "Você apagou esta mensagem",
            "Apagou esta mensagem",
            "Questo messaggio è stato eliminato",
            "Hai eliminato questo messaggio",
            "Dit bericht is verwijderd",
            "Je hebt dit bericht verwijderd",
            "Tato zpráva byla smazána",
            "Tuto zprávu jste smazal/a",
            "Данное сообщение удалено",
            "Вы удалили данное сообщение",
            "Це повідомлення було видалено",
            "Ви видалили це повідомлення",
            "Pesan ini dihapus",
            "Anda menghapus pesan ini",
            "Tin nhắn này đã bị xóa",
            "Bạn đã xoá tin nhắn này",
            "यह मैसेज डिलीट कर दिया गया है",
            "आपने यह मैसेज डिलीट किया",
            "このメッセージは削除されました",
            "このメッセージを削除しました",
            "ข้อความนี้ถูกลบแล้ว",
            "คุณได้ลบข้อความนี้",
            "تم حذف هذه الرسالة",
            "لقد حذَفت هذه الرسالة",
            "أنت حذفت هذه الرسالة");

    /** The longest of {@link #DELETED}, with its full stop: longer bodies are not looked up. */
    private static final int MAX_DELETED_CHARS =
            DELETED.stream().mapToInt(String::length).max().orElse(0) + 1;

    /** "X created group ..." in the languages seen: the whole body. */
    private static final Pattern GROUP_CREATED =
            Pattern.compile(".+ created group [“\"].*[”\"]|.+ created this group|.+ hat die Gruppe(?: .+)? erstellt\\.?"
                    + "|Du hast die Gruppe.* erstellt\\.?|.+ a créé (?:le|ce) groupe.*|Vous avez créé (?:le|ce) groupe.*"
                    + "|.+ creó (?:el|este) grupo.*|.+ criou (?:o|este) grupo.*|.+ ha creato (?:il|questo) gruppo.*"
                    + "|.+ heeft (?:de|deze) groep.* aangemaakt.*");

    /**
     * Events whose wording may hold ": " (a new subject or group name in quotes), which would otherwise read as
     * "Name: text". The actor part has no colon, so "Bob: I changed the subject" stays Bob's message.
     */
    private static final Pattern EVENT_WITH_QUOTE = Pattern.compile(
            "[^:]+ (?:changed the subject|changed the group name|created group|hat den Betreff|hat den Gruppennamen"
                    + "|hat die Gruppe|a modifié le sujet|a changé le sujet|a créé le groupe|cambió el asunto"
                    + "|creó el grupo|mudou o assunto|criou o grupo|ha cambiato l'oggetto|ha creato il gruppo)"
                    + "[^:]* [“\"„«].*");

    /** Placeholders for media left out of the export, or attached beside it. Whole first line, any case. */
    private static final Pattern MEDIA = Pattern.compile(
            "<[^<>]*(?:media|medien|médias|média|médiá|multimedia|mídia|medya|medij|medier|meedia|メディア|медиа"
                    + "|медији|медіа|미디어|多媒|omitted|omis|omitido|oculta|weggelaten|ausgeschlossen|weggelassen"
                    + "|vynech|pominięto|файл|وسائط)[^<>]*>"
                    + "|<(?:attached|angehängt|anhang|pièce jointe|adjunto|anexado|allegato|bijlage) ?: [^<>]+>"
                    // iOS attachments in other languages: "<word: 00000012-PHOTO-....jpg>", "<00000012-....jpg
                    // eklendi>"
                    + "|<[^<>:]{1,30}: ?[^<>: ]+\\.\\w{2,5}>|<[^<> ]+\\.\\w{2,5} \\p{L}{2,20}>"
                    + "|.*\\((?:file attached|Datei angehängt|fichier joint|archivo adjunto|arquivo anexado"
                    + "|file allegato|bestand bijgevoegd|ファイル添付)\\)"
                    + "|(?:.+ )?(?:image|video|audio|sticker|GIF|document|Contact card|voice message) omitted"
                    + "|(?:Bild|Video|Audio|Sticker|GIF|Dokument|Kontaktkarte) weggelassen"
                    + "|(?:imagen|video|audio|sticker|GIF|documento) omitid[oa]"
                    + "|(?:image|vidéo|audio|sticker|GIF|document) (?:absente?|omise?)"
                    + "|(?:imagem|vídeo|áudio|figurinha|GIF|documento) ocultad[oa]"
                    + "|(?:immagine|video|audio|sticker|GIF|documento) omess[oa]"
                    + "|(?:afbeelding|video|audio|sticker|GIF|document) weggelaten"
                    + "|live location shared|Live-Standort geteilt",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    /** The first characters of the notices and deletion markers above. */
    private static final Set<Character> SYSTEM_FIRST_CHARS = Stream.concat(NOTICE_PREFIXES.stream(), DELETED.stream())
            .map(phrase -> phrase.charAt(0))
            .collect(Collectors.toUnmodifiableSet());

    /** How every media placeholder ends; the pattern runs only on lines that end so. */
    private static final List<String> MEDIA_ENDINGS = List.of(
            ">",
            ")",
            "omitted",
            "weggelassen",
            "omitido",
            "omitida",
            "absent",
            "absente",
            "omis",
            "omise",
            "ocultado",
            "ocultada",
            "omesso",
            "omessa",
            "weggelaten",
            "shared",
            "geteilt");

    /** Generated bodies that carry searchable words (a shared location, a poll): kept as text. */
    private static final Pattern GENERATED_TEXT =
            Pattern.compile("(?:Location|POLL|Standort|UMFRAGE|Ubicación|ENCUESTA|Localização|ENQUETE|Position|SONDAGE"
                    + "|SONDAGGIO)\\s?:.*|[^:]{1,40}: ?https?://\\S+");

    /**
     * iOS's placeholders for media left out of the export, in the languages seen in real exports: the whole
     * body, lower case. iOS marks them with U+200E (U+200F in right-to-left languages), as it marks its system
     * lines, so without this list a left-out photo would count as a system line.
     */
    private static final Set<String> MARKED_MEDIA = phrases("""
            English | image omitted, video omitted, audio omitted, sticker omitted, gif omitted, document omitted, \
            contact card omitted
            German | bild weggelassen, video weggelassen, audio weggelassen, gif weggelassen, sticker weggelassen, \
            dokument weggelassen, kontaktkarte ausgelassen
            French | image absente, vidéo absente, audio omis, sticker omis, gif retiré, fiche contact manquante
            Spanish | imagen omitida, video omitido, audio omitido, gif omitido, sticker omitido, \
            tarjeta de contacto omitida
            Italian | immagine omessa, video omesso, audio omesso, gif esclusa, sticker non incluso, \
            scheda contatto omessa
            European Portuguese | imagem não revelada, vídeo não revelado, ficheiro de áudio não revelado, \
            gif não revelada, sticker não revelado, contacto não revelado
            Czech | obrázek vynechán, video vynecháno, zvukový soubor vynechán, gif vynechán, nálepka vynechána, \
            vizitka vynechána
            Russian | изображение отсутствует, видео отсутствует, аудиофайл отсутствует, gif отсутствует, \
            стикер не добавлен, карточка контакта отсутствует
            Ukrainian | зображення відсутнє, відео відсутнє, аудіо відсутнє, gif-анімацію пропущено, \
            наклейку не додано, картка контакту відсутня
            Indonesian | gambar tidak disertakan, video tidak disertakan, audio tidak disertakan, \
            gif tidak disertakan, stiker tidak disertakan, kartu kontak tidak disertakan
            Vietnamese | đã bỏ qua hình ảnh, đã bỏ video, bỏ qua tệp âm thanh, đã bỏ sticker, đã bỏ qua ảnh gif, \
            bỏ qua thẻ liên lạc
            Hindi | फ़ोटो हटाई गई, वीडियो छोड़ा गया, ऑडियो हटाई गयी, gif छोड़ा गया, स्टिकर छोड़ा गया, \
            कॉन्टैक्ट कार्ड छोड़ा गया
            Japanese | 画像は含まれていません, ビデオは含まれていません, 音声は含まれていません, gifは含まれていません, \
            スタンプは含まれていません, 連絡先カードを省略
            Thai | ไม่มีรูปภาพ, วิดีโอถูกลบ, ไม่มีไฟล์เสียง, ไม่มีสติกเกอร์, ละเว้น gif, บัตรรายชื่อที่ละเว้น
            Arabic | لم يتم إدراج الصورة, لم يتم إدراج الفيديوهات, لم يتم إدراج المقاطع الصوتية, تم حذف الملصقات, \
            لم يتم إدراج صورة gif, لم يتم إدراج بطاقة جهة اتصال
            """);

    /**
     * Lines of "language | phrase, phrase...", compared in composed form: exports write "ड़" as one character or
     * as two.
     */
    private static Set<String> phrases(String table) {
        return table.lines()
                .flatMap(line -> Stream.of(line.split(" \\| ")[1].split(", ")))
                .map(phrase -> Normalizer.normalize(phrase, Normalizer.Form.NFC))
                .collect(Collectors.toUnmodifiableSet());
    }

    /** The longest of {@link #MARKED_MEDIA}: longer bodies are not looked up. */
    private static final int MAX_MARKED_MEDIA_CHARS =
            MARKED_MEDIA.stream().mapToInt(String::length).max().orElse(0);

    /** Whether a line without a name that still holds ": " is a group event (a quoted subject). */
    static boolean isEventWithQuote(String rest) {
        return EVENT_WITH_QUOTE.matcher(rest).matches();
    }

    /** Notices, deletions and group creation: generated whoever they are attributed to. */
    static boolean isSystemBody(String firstLine) {
        // Cheap guards first (first character, line length, keywords): this runs for every message, and the
        // patterns backtrack over the line.
        if (firstLine.isEmpty() || !SYSTEM_FIRST_CHARS.contains(firstLine.charAt(0)) && !mentionsGroup(firstLine)) {
            return false;
        }
        for (String prefix : NOTICE_PREFIXES) {
            if (firstLine.startsWith(prefix)) {
                return true;
            }
        }
        int length = firstLine.length();
        if (length <= MAX_DELETED_CHARS && isDeletionMarker(firstLine)) {
            return true;
        }
        return length <= 300
                && mentionsGroup(firstLine)
                && GROUP_CREATED.matcher(firstLine).matches();
    }

    private static boolean isDeletionMarker(String line) {
        if (DELETED.contains(line)) {
            return true;
        }
        char last = line.charAt(line.length() - 1);
        return (last == '.' || last == '。') && DELETED.contains(line.substring(0, line.length() - 1));
    }

    private static boolean endsLikeMedia(String line) {
        for (String ending : MEDIA_ENDINGS) {
            if (line.regionMatches(true, line.length() - ending.length(), ending, 0, ending.length())) {
                return true;
            }
        }
        return false;
    }

    private static boolean mentionsGroup(String line) {
        return line.contains("group")
                || line.contains("Gruppe")
                || line.contains("groupe")
                || line.contains("grupo")
                || line.contains("gruppo")
                || line.contains("groep");
    }

    /**
     * The kind of a body that follows "Name: ".
     *
     * @param firstLine the first line of the body, direction marks removed from its start
     * @param generatedMark whether the body started with U+200E (U+200F in right-to-left languages), iOS's
     *     mark for generated content
     * @param singleLine whether the body has no further non-blank lines (a captioned attachment is text: its
     *     caption is worth finding)
     */
    static Kind classify(String firstLine, boolean generatedMark, boolean singleLine) {
        // Measured on a generated 20 MB export (359,355 messages, 2 shared cores): 2.6 us a message when every
        // pattern ran on every body, 0.2 us with the guards in isSystemBody and endsLikeMedia.
        if (isSystemBody(firstLine)) {
            return Kind.SYSTEM;
        }
        if (singleLine
                && firstLine.length() <= 300
                && endsLikeMedia(firstLine)
                && MEDIA.matcher(firstLine).matches()) {
            return Kind.MEDIA;
        }
        if (generatedMark && singleLine) {
            if (firstLine.length() <= MAX_MARKED_MEDIA_CHARS
                    && MARKED_MEDIA.contains(
                            Normalizer.normalize(firstLine.toLowerCase(Locale.ROOT), Normalizer.Form.NFC))) {
                return Kind.MEDIA;
            }
            if (!GENERATED_TEXT.matcher(firstLine).matches()) {
                return Kind.SYSTEM;
            }
        }
        return Kind.TEXT;
    }
}
