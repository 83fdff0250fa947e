package dev.pvault.client.importer;

import static dev.pvault.client.importer.Imports.fixture;
import static dev.pvault.client.importer.Imports.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pvault.client.importer.Imports.Result;
import dev.pvault.core.model.ChatMessage;
import dev.pvault.core.model.MessageKind;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TelegramImportTest {

    @Test
    void singleChat_textAsStringOrEntities_serviceApart_mediaMarked() {
        Result result = run(fixture("telegram/single-chat.json"));
        ImportReport report = result.report();
        assertThat(report.format()).isEqualTo(ExportFormat.TELEGRAM);
        assertThat(report.dateOrder()).isNull();
        assertThat(report.messages()).isEqualTo(6);
        assertThat(report.media()).as("photo, sticker, poll").isEqualTo(3);
        assertThat(report.system()).as("create_group, pin_message").isEqualTo(2);
        assertThat(report.chats()).containsExactly("Climbing Crew");
        assertThat(result.texts())
                .containsExactly(
                        "Bouldering on Thursday?\nThe new wall opens at 6.",
                        "Count me in, 6:30 works better. Route list: here",
                        "",
                        "Opening hours change next week",
                        "",
                        "");
        assertThat(result.messages())
                .extracting(ChatMessage::kind)
                .containsExactly(
                        MessageKind.TEXT,
                        MessageKind.TEXT,
                        MessageKind.MEDIA,
                        MessageKind.TEXT,
                        MessageKind.MEDIA,
                        MessageKind.MEDIA);
        assertThat(result.senders()).as("a deleted account keeps its from_id").contains("user1003");
        assertThat(result.messages().get(4).time())
                .as("date_unixtime only: UTC without --tz")
                .isEqualTo(LocalDateTime.of(2023, 5, 3, 7, 0));
    }

    @Test
    void unixTimes_goIntoThePinnedZone_localDatesStayAsExported() {
        Result result = run(
                fixture("telegram/single-chat.json"), ImportOptions.defaults().withZone(ZoneId.of("Asia/Tokyo")));
        assertThat(result.messages().get(4).time()).isEqualTo(LocalDateTime.of(2023, 5, 3, 16, 0));
        assertThat(result.messages().get(0).time()).isEqualTo(LocalDateTime.of(2023, 5, 1, 18, 1, 15));
    }

    @Test
    void fullExport_readsChatsAndLeftChats_namesEvenWhenTheyFollowTheMessages() {
        Result result = run(fixture("telegram/full-export.json"));
        assertThat(result.report().messages()).isEqualTo(4);
        assertThat(result.report().system()).isEqualTo(1);
        assertThat(result.messages())
                .extracting(ChatMessage::chat)
                .containsExactly("Saved Messages", "Piotr", "Piotr", "Old Group");
        assertThat(result.texts()).contains("@hana see you at 7");
    }

    @Test
    void chatOption_namesEveryChat_andWarnsWhenItMergesSeveral() {
        Result result = run(
                fixture("telegram/full-export.json"), ImportOptions.defaults().withChat("All"));
        assertThat(result.report().chats()).containsExactly("All");
        assertThat(result.report().warnings()).anyMatch(warning -> warning.contains("--chat"));
    }

    @Test
    void wrongSchema_isRejectedBeforeAnyMessageIsHandedOn() {
        List<ChatMessage> seen = new ArrayList<>();
        assertThatThrownBy(() -> ChatImporter.prepare(fixture("telegram/wrong-schema.json"), ImportOptions.defaults())
                        .read(new dev.pvault.core.crypto.MessageIdAssigner(Imports.KEY), seen::add))
                .isInstanceOf(ExportRejectedException.class)
                .hasMessage("wrong-schema.json: line 7: not a Telegram export as expected: a message's \"text\" is"
                        + " neither a string nor an array");
        assertThat(seen).isEmpty();
    }

    @Test
    void invalidJson_isRejectedWithLineAndColumnOnly() {
        assertThatThrownBy(() -> run(fixture("telegram/invalid-json.json")))
                .isInstanceOf(ExportRejectedException.class)
                .hasMessage("invalid-json.json: line 5: invalid JSON at column 2")
                .satisfies(e -> assertThat(((ExportRejectedException) e).line()).isEqualTo(5));
    }

    @Test
    void invalidJson_neverQuotesTheFile() {
        String secret = "{\"messages\": [{\"type\": \"message\", \"text\": \"x\"} secret-words-here]}";
        assertThatThrownBy(() -> run(Imports.text("result.json", secret)))
                .isInstanceOf(ExportRejectedException.class)
                .message()
                .doesNotContain("secret");
    }

    @Test
    void schemaErrors_eachNameTheProblem() {
        assertThat(reject("[]")).contains("the top level is not a JSON object");
        assertThat(reject("{\"name\": \"x\"}")).contains("no \"messages\" or \"chats\"");
        assertThat(reject("{\"messages\": {}}")).contains("\"messages\" is not an array");
        assertThat(reject("{\"messages\": [{\"date\": \"2020-01-01T00:00:00\", \"text\": \"x\"}]}"))
                .contains("no \"type\"");
        assertThat(reject("{\"messages\": [{\"type\": \"message\", \"text\": \"x\"}]}"))
                .contains("no \"date\" or \"date_unixtime\"");
        assertThat(reject("{\"messages\": [{\"type\": \"message\", \"date\": \"yesterday\", \"text\": \"x\"}]}"))
                .contains("\"date\" is not an ISO-8601");
        assertThat(reject("{\"messages\": [{\"type\": \"message\", \"date\": \"2020-01-01T00:00:00\"}]}"))
                .contains("no \"text\"");
        assertThat(reject("{\"messages\": [{\"type\": \"message\", \"date\": \"2020-01-01T00:00:00\", \"from\": 7,"
                        + " \"text\": \"x\"}]}"))
                .contains("\"from\" is not a string");
        assertThat(reject("{\"messages\": [{\"type\": \"message\", \"date\": \"2020-01-01T00:00:00\","
                        + " \"text\": [{\"type\": \"bold\"}]}]}"))
                .contains("text entity has no \"text\"");
        assertThat(reject("{\"chats\": {\"list\": [1]}}")).contains("an entry of \"chats.list\" is not an object");
        assertThat(reject("{\"messages\": []} {\"messages\": []}")).contains("more than one JSON value");
    }

    private static String reject(String json) {
        try {
            run(Imports.text("result.json", json), ImportOptions.defaults().withFormat(ExportFormat.TELEGRAM));
        } catch (ExportRejectedException e) {
            return e.getMessage();
        }
        throw new AssertionError("not rejected: " + json);
    }
}
