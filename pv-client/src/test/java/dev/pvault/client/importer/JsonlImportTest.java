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
import org.junit.jupiter.api.Test;

class JsonlImportTest {

    @Test
    void readsEveryFieldForm() {
        Result result = run(fixture("jsonl/messages.jsonl"));
        ImportReport report = result.report();
        assertThat(report.format()).isEqualTo(ExportFormat.JSONL);
        assertThat(report.messages()).isEqualTo(5);
        assertThat(report.media()).isEqualTo(1);
        assertThat(report.system()).isEqualTo(1);
        assertThat(result.messages())
                .extracting(ChatMessage::chat)
                .containsExactly("Signal: Mum", "Signal: Mum", "Signal: Mum", "Signal: Mum", "messages");
        assertThat(result.messages())
                .extracting(ChatMessage::time)
                .containsExactly(
                        LocalDateTime.of(2024, 2, 10, 8, 15),
                        LocalDateTime.of(2024, 2, 10, 8, 20, 30),
                        LocalDateTime.of(2024, 2, 10, 9, 0),
                        LocalDateTime.of(2024, 2, 10, 9, 0),
                        LocalDateTime.of(2024, 2, 10, 10, 0));
        assertThat(result.messages().get(1).text()).isEqualTo("Yes!\nTrain was late though.");
        assertThat(result.messages().get(2).kind()).isEqualTo(MessageKind.MEDIA);
    }

    @Test
    void offsetsAndUnixTimes_moveIntoThePinnedZone() {
        Result result =
                run(fixture("jsonl/messages.jsonl"), ImportOptions.defaults().withZone(ZoneId.of("UTC")));
        assertThat(result.messages().get(2).time()).as("+01:00 in UTC").isEqualTo(LocalDateTime.of(2024, 2, 10, 8, 0));
        assertThat(result.messages().get(0).time()).as("local stays").isEqualTo(LocalDateTime.of(2024, 2, 10, 8, 15));
    }

    @Test
    void oneBadLine_rejectsTheWholeFile() {
        assertThatThrownBy(() -> run(fixture("jsonl/bad-line.jsonl")))
                .isInstanceOf(ExportRejectedException.class)
                .hasMessage("bad-line.jsonl: line 3: not JSONL as expected: no \"sender\" string");
    }

    @Test
    void schemaErrors_eachNameTheProblem() {
        assertThat(reject("{\"sender\": \"a\", \"time\": \"2024-01-01T00:00:00\"}"))
                .contains("no \"text\"");
        assertThat(reject("{\"sender\": \"a\", \"text\": \"x\"}")).contains("no \"time\"");
        assertThat(reject("{\"sender\": \"a\", \"text\": \"x\", \"time\": \"soon\"}"))
                .contains("\"time\" is neither");
        assertThat(reject("{\"sender\": \"a\", \"text\": \"x\", \"time\": 1.5}"))
                .contains("\"time\" is not a string");
        assertThat(reject("{\"sender\": \"a\", \"text\": 3, \"time\": 1}")).contains("\"text\" is not a string");
        assertThat(reject("{\"sender\": \"a\", \"text\": \"x\", \"time\": 1, \"kind\": \"video\"}"))
                .contains("\"kind\" is not");
        assertThat(reject("{\"sender\": \"a\", \"text\": \"x\", \"time\": 1}\n[1]"))
                .contains("line 2");
        assertThat(reject("{\"sender\": \"a\", \"text\": \"x\", \"time\": 1}\n{\"sender\": "))
                .contains("invalid JSON");
    }

    private static String reject(String jsonl) {
        try {
            run(Imports.text("m.jsonl", jsonl), ImportOptions.defaults().withFormat(ExportFormat.JSONL));
        } catch (ExportRejectedException e) {
            return e.getMessage();
        }
        throw new AssertionError("not rejected: " + jsonl);
    }
}
