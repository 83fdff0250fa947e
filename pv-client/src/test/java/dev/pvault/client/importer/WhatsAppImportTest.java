package dev.pvault.client.importer;

import static dev.pvault.client.importer.Imports.fixture;
import static dev.pvault.client.importer.Imports.run;
import static dev.pvault.client.importer.Imports.whatsapp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pvault.client.importer.ImportReport.SkippedLine;
import dev.pvault.client.importer.Imports.Result;
import dev.pvault.core.model.ChatMessage;
import dev.pvault.core.model.MessageKind;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The project's own WhatsApp fixtures (src/test/resources/importer/whatsapp), one variant each. */
class WhatsAppImportTest {

    private static Result fixtureRun(String name) {
        return run(fixture("whatsapp/" + name));
    }

    private static ChatMessage message(Result result, int index) {
        return result.messages().get(index);
    }

    /** Date order, messages, media, system lines and skipped entries of a report, compared at once. */
    private static List<Object> counts(ImportReport report) {
        return List.of(report.dateOrder(), report.messages(), report.media(), report.system(), report.skipped());
    }

    private static List<LocalDateTime> times(Result result) {
        return result.messages().stream().map(ChatMessage::time).toList();
    }

    private static LocalDateTime[] at(String... isoTimes) {
        return Arrays.stream(isoTimes).map(LocalDateTime::parse).toArray(LocalDateTime[]::new);
    }

    @Test
    void android_dayMonthYear_24h_systemLinesMediaMultiLineAndColonAuthors() {
        Result result = fixtureRun("android-dmy-24h.txt");
        ImportReport report = result.report();
        assertThat(report.format()).isEqualTo(ExportFormat.WHATSAPP);
        assertThat(report.dateOrder()).isEqualTo(DateOrder.DMY);
        assertThat(report.messages()).isEqualTo(8);
        assertThat(report.media()).isEqualTo(2);
        // Notice, created group, added you, two deletions, subject change (with ": " inside), left.
        assertThat(report.system()).isEqualTo(7);
        assertThat(report.skipped()).isZero();
        assertThat(result.senders())
                .containsExactly(
                        "Rosa Lind", "+44 7700 900123", "Team:Blue", "🌻", "Team:Blue", "🌻", "🌻", "Rosa Lind");
        assertThat(message(result, 1).text())
                .isEqualTo("Thanks Rosa\nWho else has a key?\n\nAsking for the water butt.");
        assertThat(message(result, 4).text()).isEqualTo("Compost delivery: Saturday 9:00 - bring gloves");
        assertThat(message(result, 3).kind()).isEqualTo(MessageKind.MEDIA);
        assertThat(message(result, 3).text()).isEqualTo("<Media omitted>");
        assertThat(message(result, 5).kind()).isEqualTo(MessageKind.MEDIA);
        assertThat(message(result, 6).kind())
                .as("an attachment with a caption stays text, so the caption can be found")
                .isEqualTo(MessageKind.TEXT);
        assertThat(message(result, 7).text()).as("trailing blank lines dropped").isEqualTo("See you all Saturday");
        assertThat(report.first()).isEqualTo(LocalDateTime.of(2023, 3, 2, 18, 45));
        assertThat(report.last()).isEqualTo(LocalDateTime.of(2023, 3, 14, 8, 0));
        assertThat(report.chats()).containsExactly("android-dmy-24h");
    }

    @Test
    void iOS_monthDayYear_12hNarrowNoBreakSpace_lrmMarkedLines_bomCrlfNoFinalNewline() {
        Result result = fixtureRun("ios-mdy-12h.txt");
        ImportReport report = result.report();
        assertThat(report.dateOrder()).isEqualTo(DateOrder.MDY);
        assertThat(report.messages()).isEqualTo(7);
        assertThat(report.media()).isEqualTo(2);
        assertThat(report.system()).as("notice, created, added, deleted").isEqualTo(4);
        assertThat(result.texts())
                .containsExactly(
                        "First pick: \"The Left Hand of Darkness\"",
                        "image omitted",
                        "Started it on the train.\nChapter 3 is where it clicks.",
                        "<attached: 00000012-PHOTO-2024-01-19-19-45-30.jpg>",
                        "Location: https://maps.google.com/?q=50.061,19.937",
                        "",
                        "Night owl here");
        assertThat(message(result, 0).time()).isEqualTo(LocalDateTime.of(2024, 1, 7, 9, 16, 40));
        assertThat(message(result, 2).time()).isEqualTo(LocalDateTime.of(2024, 1, 7, 12, 1, 0));
        assertThat(message(result, 6).time()).as("12:30 AM").isEqualTo(LocalDateTime.of(2024, 1, 19, 0, 30, 45));
        assertThat(message(result, 0).sender())
                .as("no byte-order mark in the name")
                .isEqualTo("Dana Okafor");
    }

    @Test
    void yearFirst_bracketed_marksAroundNames_identicalMessagesBothKept() {
        Result result = fixtureRun("ymd-bracket.txt");
        assertThat(result.report().dateOrder()).isEqualTo(DateOrder.YMD);
        assertThat(result.report().messages()).isEqualTo(5);
        assertThat(result.senders()).containsExactly("Ines", "Ines", "Yusuf", "Yusuf", "Ines");
        assertThat(message(result, 2).id())
                .as("twins get different ids")
                .isNotEqualTo(message(result, 3).id());
    }

    @Test
    void finnish_kloAndDottedTimes_andTheOlderColonShape() {
        Result result = fixtureRun("fi-klo-dotted.txt");
        assertThat(result.report().messages()).isEqualTo(4);
        assertThat(result.messages())
                .extracting(ChatMessage::time)
                .containsExactly(
                        LocalDateTime.of(2021, 1, 3, 8, 5),
                        LocalDateTime.of(2021, 1, 3, 8, 6, 30),
                        LocalDateTime.of(2021, 1, 3, 20, 15),
                        LocalDateTime.of(2021, 1, 12, 17, 45));
        assertThat(message(result, 2).sender()).isEqualTo("Aino");
    }

    @Test
    void spanish_amPmWithNoBreakSpace_localisedPlaceholdersAndNotices() {
        Result result = fixtureRun("es-ampm-nbsp.txt");
        ImportReport report = result.report();
        assertThat(report.dateOrder()).isEqualTo(DateOrder.DMY);
        assertThat(report.messages()).isEqualTo(4);
        assertThat(report.media()).isEqualTo(1);
        assertThat(report.system()).as("notice and deletion").isEqualTo(2);
        assertThat(message(result, 2).time()).isEqualTo(LocalDateTime.of(2021, 3, 21, 23, 59));
        assertThat(message(result, 3).time()).as("12:00 a. m.").isEqualTo(LocalDateTime.of(2021, 3, 21, 0, 0));
    }

    @Test
    void german_dottedDates_notice_groupCreation_placeholders() {
        Result result = fixtureRun("de-android.txt");
        assertThat(result.report().system()).isEqualTo(3);
        assertThat(result.report().media()).isEqualTo(2);
        assertThat(result.texts()).last().isEqualTo("Danke für das Essen\nWar lecker!");
    }

    @Test
    void dayPeriodsSpelledOut_andKoreanPeriodBeforeTheTime() {
        Result periods = fixtureRun("day-periods.txt");
        assertThat(periods.messages())
                .extracting(message -> message.time().getHour())
                .containsExactly(9, 15, 19, 23, 0);
        Result korean = fixtureRun("ko-year-first.txt");
        assertThat(korean.messages())
                .extracting(ChatMessage::time)
                .containsExactly(LocalDateTime.of(2021, 9, 8, 9, 15), LocalDateTime.of(2021, 9, 8, 15, 40));
    }

    @Test
    void ambiguousDates_decidedFromTheWholeFile_andOverridable() {
        Result chronological = fixtureRun("ambiguous-chronological.txt");
        assertThat(chronological.report().dateOrder()).isEqualTo(DateOrder.DMY);
        assertThat(chronological.report().last()).isEqualTo(LocalDateTime.of(2021, 2, 9, 10, 0));
        Result usShape = fixtureRun("ambiguous-us-shape.txt");
        assertThat(usShape.report().dateOrder()).isEqualTo(DateOrder.MDY);
        assertThat(usShape.report().first()).isEqualTo(LocalDateTime.of(2021, 3, 4, 9, 0));
        Result overridden = run(
                fixture("whatsapp/ambiguous-us-shape.txt"),
                ImportOptions.defaults().withDateOrder(DateOrder.DMY));
        assertThat(overridden.report().first()).isEqualTo(LocalDateTime.of(2021, 4, 3, 9, 0));
        assertThat(overridden.report().dateOrderBasis()).isEqualTo("set with --date-order");
    }

    @Test
    void skippedLines_reportLineNumberAndReason_andTheirContinuationGoesWithThem() {
        Result result = fixtureRun("skipped-lines.txt");
        assertThat(result.report().messages()).isEqualTo(2);
        assertThat(result.texts()).containsExactly("First", "Last");
        assertThat(result.report().skipped()).isEqualTo(3);
        assertThat(result.report().skippedLines())
                .containsExactly(
                        new SkippedLine(1, "text before the first line with a date and time"),
                        new SkippedLine(3, "the date is not valid as DMY"),
                        new SkippedLine(5, "the time is not a valid time of day"));
    }

    @Test
    void notAChat_isRejectedWithOneLine() {
        assertThatThrownBy(() -> fixtureRun("not-a-chat.txt"))
                .isInstanceOf(ExportRejectedException.class)
                .hasMessage("not-a-chat.txt: not a WhatsApp chat export: none of its 3 lines starts with a date and"
                        + " time");
        assertThatThrownBy(() -> whatsapp("")).hasMessage("chat.txt: the file is empty");
    }

    @Test
    void lineEndings_crlfLfAndLoneCr_allEndLines_andAMissingFinalNewlineChangesNothing() {
        String lf = "01/02/2021, 10:00 - A: one\ntwo\n13/02/2021, 10:01 - B: three\n";
        Result reference = whatsapp(lf);
        assertThat(reference.texts()).containsExactly("one\ntwo", "three");
        for (String variant :
                List.of(lf.replace("\n", "\r\n"), lf.replace("\n", "\r"), lf.substring(0, lf.length() - 1))) {
            Result result = whatsapp(variant);
            assertThat(result.texts()).isEqualTo(reference.texts());
            assertThat(result.messages())
                    .extracting(ChatMessage::id)
                    .isEqualTo(
                            reference.messages().stream().map(ChatMessage::id).toList());
        }
    }

    @Test
    void utf16WithByteOrderMark_isRead() {
        String chat = "13/02/2021, 10:00 - Zoë: naïve café ☕\n";
        byte[] utf16 = ("\uFEFF" + chat).getBytes(StandardCharsets.UTF_16LE);
        Result result = run(Imports.bytes("chat.txt", utf16));
        assertThat(result.texts()).containsExactly("naïve café ☕");
        assertThat(result.senders()).containsExactly("Zoë");
    }

    @Test
    void invalidUtf8_becomesReplacementCharacters_notAnError() {
        byte[] bytes = "13/02/2021, 10:00 - A: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(run(Imports.bytes("chat.txt", bytes)).texts()).containsExactly("caf\uFFFD");
    }

    @Test
    void nameFollowedByColonWithoutSpace_isThatSendersMessage_whenTheNameIsKnown() {
        Result result = whatsapp("""
                12/24/19, 11:23 - John Doe:.
                12/24/19, 11:23 - John Doe: Lorem ipsum
                12/24/19, 11:24 - Meeting at 10:30 moved
                """);
        assertThat(result.senders()).containsExactly("John Doe", "John Doe");
        assertThat(result.texts()).containsExactly(".", "Lorem ipsum");
        assertThat(result.report().system()).isEqualTo(1);
    }

    @Test
    void undatedNoticeBeforeTheFirstMessage_isASystemLine() {
        Result result = whatsapp("""
                Group Chat: Nachrichten und Anrufe sind Ende-zu-Ende-verschlüsselt. Niemand außerhalb dieses Chats.

                01.01.2024, 10:00 - A: Hallo
                """);
        assertThat(result.report().system()).isEqualTo(1);
        assertThat(result.report().skipped()).isZero();
        assertThat(result.report().messages()).isEqualTo(1);
    }

    @Test
    void aMessageFarLongerThanWhatsAppAllows_isSkipped_andTheNextOneIsKept() {
        String longLine = "x".repeat(WhatsAppParser.MAX_MESSAGE_CHARS + 10);
        Result oneLine = whatsapp("13/02/2021, 10:00 - A: " + longLine + "\n13/02/2021, 10:01 - B: next\n");
        assertThat(oneLine.texts()).containsExactly("next");
        assertThat(oneLine.report().skippedLines())
                .containsExactly(new SkippedLine(1, "message longer than 1000000 characters"));
        String manyLines = ("y".repeat(1000) + "\n").repeat(1001);
        Result continued = whatsapp("13/02/2021, 10:00 - A: start\n" + manyLines + "13/02/2021, 10:01 - B: next\n");
        assertThat(continued.texts()).containsExactly("next");
        assertThat(continued.report().skipped()).isEqualTo(1);
    }

    @Test
    void chatName_fromTheFileName_orFromOptions() {
        Result named = run(Imports.text("WhatsApp Chat with Alice.txt", "13/02/2021, 10:00 - A: x\n"));
        assertThat(named.messages().getFirst().chat()).isEqualTo("Alice");
        Result given = run(
                Imports.text("chat.txt", "13/02/2021, 10:00 - A: x\n"),
                ImportOptions.defaults().withChat("Family"));
        assertThat(given.messages().getFirst().chat()).isEqualTo("Family");
        assertThat(given.report().chats()).containsExactly("Family");
    }

    @Test
    void pinnedZone_isCarriedOnEveryMessage_timesUnchanged() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        Result result = run(
                Imports.text("chat.txt", "13/02/2021, 10:00 - A: x\n"),
                ImportOptions.defaults().withZone(berlin));
        assertThat(result.messages().getFirst().zone()).isEqualTo(berlin);
        assertThat(result.messages().getFirst().time()).isEqualTo(LocalDateTime.of(2021, 2, 13, 10, 0));
        assertThat(result.report().zone()).isEqualTo(berlin);
    }

    @Test
    void explicitFormat_whatsappOnAJsonFile_isRejectedAsNotAChat() {
        assertThatThrownBy(() -> run(
                        fixture("telegram/single-chat.json"),
                        ImportOptions.defaults().withFormat(ExportFormat.WHATSAPP)))
                .isInstanceOf(ExportRejectedException.class)
                .hasMessageContaining("not a WhatsApp chat export");
    }

    @Test
    void arabicIos_marksInsideTheDate_arabicCommaAndDigits_rightToLeftMarkedGeneratedLines() {
        Result result = fixtureRun("ar-ios-rtl.txt");
        assertThat(counts(result.report()))
                .as("media: لم يتم إدراج الصورة, image omitted; system: notice and deletion, marked with U+200F")
                .containsExactly(DateOrder.DMY, 4L, 1L, 2L, 0L);
        assertThat(times(result))
                .containsExactly(
                        at("2023-03-18T09:06:22", "2023-03-18T12:30:00", "2023-03-25T23:59:59", "2023-03-26T00:01:02"));
        assertThat(result.senders())
                .first()
                .as("embedding marks around the number removed")
                .isEqualTo("+20 100 555 0142");
        assertThat(message(result, 2).kind()).as("a shared location stays text").isEqualTo(MessageKind.TEXT);
        assertThat(message(result, 3).text()).isEqualTo("نراكم غدًا\nلا تنسوا الكعك");
    }

    @Test
    void arabicAndroid_aRightToLeftMarkTypedByAPerson_isNotTakenForIossMark() {
        Result result = fixtureRun("ar-android-rtl.txt");
        assertThat(result.report().system()).as("the notice").isEqualTo(1);
        assertThat(result.texts()).containsExactly("مرحبا بالجميع", "<تم استبعاد الوسائط>", "تصبحون على خير");
        assertThat(message(result, 0).kind()).isEqualTo(MessageKind.TEXT);
        assertThat(message(result, 1).kind()).isEqualTo(MessageKind.MEDIA);
        assertThat(message(result, 0).time()).isEqualTo(LocalDateTime.of(2023, 3, 18, 21, 7));
        assertThat(message(result, 2).time()).isEqualTo(LocalDateTime.of(2023, 3, 19, 0, 15));
    }

    @Test
    void vietnamese_timeBeforeDate_andAPastedDateFirstLineStaysInItsMessage() {
        Result result = fixtureRun("vi-time-first.txt");
        ImportReport report = result.report();
        assertThat(counts(report)).containsExactly(DateOrder.DMY, 4L, 1L, 2L, 0L);
        assertThat(message(result, 0).time()).isEqualTo(LocalDateTime.of(2023, 3, 14, 8, 16, 40));
        assertThat(message(result, 2).text())
                .isEqualTo("Mình gửi lại tin nhắn hôm qua:\n14/3/23, 21:06 - Quang: câu này dán từ Android");
        assertThat(report.last()).isEqualTo(LocalDateTime.of(2023, 3, 16, 22, 45, 31));
    }

    @Test
    void pastedCopiesInTheTimeFirstShape_stayInTheMessageThatHoldsThem() {
        Result result = fixtureRun("android-pasted-copies.txt");
        assertThat(result.senders()).containsExactly("Priya", "Sam", "Priya");
        assertThat(message(result, 0).text())
                .isEqualTo("Look what Ravi sent earlier:\n[11:46, 5/4/2023] Ravi: Meeting moved to 3\n"
                        + "[11:47, 5/4/2023] Ravi: Bring the slides");
    }

    @Test
    void koreanShortDate_twoDigitYearFirst_decidedFromTheWholeFile() {
        Result result = fixtureRun("ko-short-year.txt");
        assertThat(result.report().dateOrder()).isEqualTo(DateOrder.YMD);
        assertThat(times(result))
                .containsExactly(at(
                        "2023-03-14T09:05:00",
                        "2023-03-14T12:30:00",
                        "2023-03-15T00:10:00",
                        "2023-03-31T23:59:00",
                        "2023-04-01T08:00:00"));
    }

    @Test
    void bulgarian_yearAbbreviationAfterTheDate_hourAbbreviationAfterTheTime() {
        Result result = fixtureRun("bg-android.txt");
        assertThat(result.report().skipped()).isZero();
        assertThat(result.report().system()).isEqualTo(1);
        assertThat(result.report().media()).as("<Без файл>").isEqualTo(1);
        assertThat(times(result))
                .containsExactly(
                        at("2023-03-14T09:06:00", "2023-03-14T21:40:00", "2023-03-15T09:05:00", "2023-03-15T13:30:00"));
    }

    @Test
    void aWordBetweenDateAndTime_frenchA() {
        Result result = fixtureRun("fr-a-before-time.txt");
        assertThat(result.report().system()).isEqualTo(1);
        assertThat(result.senders()).containsExactly("Camille", "Hugo");
        assertThat(message(result, 1).time()).isEqualTo(LocalDateTime.of(2019, 9, 27, 8, 5));
    }

    @Test
    void iosCalendars_buddhistAndJapaneseEraYears_becomeGregorian() {
        Result buddhist = fixtureRun("ios-buddhist-era.txt");
        assertThat(buddhist.report().dateOrder()).isEqualTo(DateOrder.MDY);
        assertThat(times(buddhist)).containsExactly(at("2023-03-27T21:42:00", "2023-03-28T07:02:13"));
        assertThat(buddhist.report().media()).isEqualTo(1);
        Result japanese = fixtureRun("ios-japanese-era.txt");
        assertThat(times(japanese)).containsExactly(at("2023-03-27T21:41:35", "2023-03-28T07:02:13"));
    }
}
