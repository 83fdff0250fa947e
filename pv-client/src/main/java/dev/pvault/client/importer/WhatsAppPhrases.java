package dev.pvault.client.importer;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

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
            "Berichten en oproepen zijn end-to-end versleuteld");

    /** Deleted-message markers: the whole body, an optional final full stop. */
    private static final Pattern DELETED =
            Pattern.compile("(?:This message was deleted|You deleted this message|Diese Nachricht wurde gelöscht"
                    + "|Du hast diese Nachricht gelöscht|Ce message a été supprimé|Vous avez supprimé ce message"
                    + "|Se eliminó este mensaje|Eliminaste este mensaje|Este mensaje fue eliminado"
                    + "|Mensagem apagada|Esta mensagem foi apagada|Você apagou esta mensagem"
                    + "|Questo messaggio è stato eliminato|Hai eliminato questo messaggio"
                    + "|Dit bericht is verwijderd|Je hebt dit bericht verwijderd)\\.?");

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
            "<[^<>]*(?:media|medien|médias|multimedia|mídia|メディア|медиа|medya|omitted|omis|omitido|oculta"
                    + "|weggelaten|ausgeschlossen)[^<>]*>"
                    + "|<(?:attached|angehängt|anhang|pièce jointe|adjunto|anexado|allegato|bijlage) ?: [^<>]+>"
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
    private static final Set<Character> SYSTEM_FIRST_CHARS =
            Set.of('M', 'T', 'W', 'N', 'L', 'A', 'I', 'B', 'Y', 'D', 'C', 'V', 'S', 'E', 'Q', 'H', 'J');

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
    private static final Pattern GENERATED_TEXT = Pattern.compile(
            "(?:Location|POLL|Standort|UMFRAGE|Ubicación|ENCUESTA|Localização|ENQUETE|Position)\\s?:.*");

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
        if (length <= 60 && DELETED.matcher(firstLine).matches()) {
            return true;
        }
        return length <= 300
                && mentionsGroup(firstLine)
                && GROUP_CREATED.matcher(firstLine).matches();
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
     * @param generatedMark whether the body started with U+200E, iOS's mark for generated content
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
        if (generatedMark && !GENERATED_TEXT.matcher(firstLine).matches() && singleLine) {
            return Kind.SYSTEM;
        }
        return Kind.TEXT;
    }
}
