package dev.pvault.client.importer;

import static dev.pvault.client.importer.Imports.fixture;
import static dev.pvault.client.importer.Imports.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pvault.client.importer.Imports.Result;
import dev.pvault.core.UserException;
import dev.pvault.core.VaultException;
import dev.pvault.core.crypto.MessageIdAssigner;
import dev.pvault.core.model.ChatMessage;
import dev.pvault.core.model.MessageId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChatImporterTest {

    /** 100 messages, several sharing a minute and some identical, as a WhatsApp export of lines from..to. */
    private static String export(int from, int to) {
        return IntStream.range(from, to)
                .mapToObj(i -> "%02d/03/2024, 10:%02d - %s: %s\n"
                        .formatted(13 + i / 60, (i / 3) % 60, i % 2 == 0 ? "Ana" : "Ben", i % 5 == 0 ? "ok" : "m" + i))
                .collect(Collectors.joining());
    }

    private static List<MessageId> ids(Result result) {
        return result.messages().stream().map(ChatMessage::id).toList();
    }

    @Test
    void overlappingExports_giveTheSameIdsToTheSameMessages() {
        ImportOptions options = ImportOptions.defaults().withChat("Ana & Ben");
        Result early = run(Imports.text("early.txt", export(0, 60)), options);
        Result late = run(Imports.text("late.txt", export(30, 100)), options);
        // Overlap: messages 30..59. Minute boundaries fall on multiples of 3, so 30 starts a minute in both.
        assertThat(ids(late).subList(0, 30)).isEqualTo(ids(early).subList(30, 60));
        assertThat(ids(late).subList(30, 70)).doesNotContainAnyElementsOf(ids(early));
    }

    @Test
    void theSameMessagesInAnotherFormat_getTheSameIds() {
        Result whatsapp = run(
                Imports.text("a.txt", "13/02/2021, 10:00 - Ana: hi\n13/02/2021, 10:00 - Ana: hi\n"),
                ImportOptions.defaults().withChat("c"));
        Result jsonl = run(Imports.text("b.jsonl", """
                        {"chat": "c", "sender": "Ana", "time": "2021-02-13T10:00:00", "text": "hi"}
                        {"chat": "c", "sender": "Ana", "time": "2021-02-13T10:00:00", "text": "hi"}
                        """));
        assertThat(ids(jsonl)).isEqualTo(ids(whatsapp)).doesNotHaveDuplicates();
    }

    @Test
    void readTwice_samePreparedImport_sameMessagesAndReport() {
        PreparedImport prepared =
                ChatImporter.prepare(fixture("whatsapp/android-dmy-24h.txt"), ImportOptions.defaults());
        List<ChatMessage> first = new ArrayList<>();
        List<ChatMessage> second = new ArrayList<>();
        ImportReport one = prepared.read(new MessageIdAssigner(Imports.KEY), first::add);
        ImportReport two = prepared.read(new MessageIdAssigner(Imports.KEY), second::add);
        assertThat(second).isEqualTo(first);
        assertThat(two).isEqualTo(one);
    }

    @Test
    void aFileChangedBetweenThePasses_isNotRead(@TempDir Path folder) throws IOException {
        Path file = folder.resolve("chat.txt");
        Files.writeString(file, "13/02/2021, 10:00 - A: one\n");
        PreparedImport prepared = ChatImporter.prepare(file, ImportOptions.defaults());
        Files.writeString(file, "13/02/2021, 10:00 - A: one\n13/02/2021, 10:01 - A: two\n");
        Files.setLastModifiedTime(
                file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 5000));
        assertThatThrownBy(() -> prepared.read(new MessageIdAssigner(Imports.KEY), message -> {}))
                .isInstanceOf(VaultException.class)
                .hasMessage("chat.txt: the file changed since it was checked; run the import again");
    }

    @Test
    void missingFile_isOneLine(@TempDir Path folder) {
        assertThatThrownBy(() -> ChatImporter.prepare(folder.resolve("nope.txt"), ImportOptions.defaults()))
                .isInstanceOf(VaultException.class)
                .hasMessageEndingWith("nope.txt: no such file");
        assertThatThrownBy(() -> ChatImporter.prepare(folder, ImportOptions.defaults()))
                .hasMessageEndingWith("not a regular file");
    }

    @Test
    void anExceptionFromTheSink_endsTheRead() {
        PreparedImport prepared =
                ChatImporter.prepare(fixture("whatsapp/android-dmy-24h.txt"), ImportOptions.defaults());
        assertThatThrownBy(() -> prepared.read(new MessageIdAssigner(Imports.KEY), message -> {
                    throw new UserException("upload failed");
                }))
                .hasMessage("upload failed");
    }

    @Test
    void dateOrderOption_onAnotherFormat_isAWarning() {
        Result result =
                run(fixture("jsonl/messages.jsonl"), ImportOptions.defaults().withDateOrder(DateOrder.MDY));
        assertThat(result.report().warnings())
                .containsExactly("--date-order applies to WhatsApp exports only; ignored");
    }

    @Test
    void nothingPrintableHoldsMessageContent() {
        String secret = "zebra-violet-4471";
        ExportSource source = Imports.text(
                "chat.txt",
                "13/02/2021, 10:00 - Mallory: " + secret + "\n31/02/2021, 10:00 - Mallory: " + secret + "\n");
        PreparedImport prepared =
                ChatImporter.prepare(source, ImportOptions.defaults().withChat("Secret chat"));
        List<ChatMessage> messages = new ArrayList<>();
        ImportReport report = prepared.read(new MessageIdAssigner(Imports.KEY), messages::add);
        assertThat(report.skippedLines()).isNotEmpty();
        List<String> printed = new ArrayList<>(List.of(
                report.toString(),
                prepared.toString(),
                ImportOptions.defaults().withChat("Secret chat").toString(),
                messages.getFirst().toString(),
                report.authors().getFirst().toString()));
        report.skippedLines().forEach(skipped -> printed.add(skipped.toString()));
        assertThat(printed)
                .allSatisfy(text -> assertThat(text)
                        .doesNotContain(secret)
                        .doesNotContain("Mallory")
                        .doesNotContain("Secret chat"));
    }
}
