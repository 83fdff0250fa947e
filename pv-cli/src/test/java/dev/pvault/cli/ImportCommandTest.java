package dev.pvault.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ImportCommandTest {
    @TempDir
    Path folder;

    private record Run(int exitCode, String out, String err) {}

    private Run pvault(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Main.newCommandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int code = commandLine.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private Path file(String name, String content) throws IOException {
        Path file = folder.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    private Path chat() throws IOException {
        return file("WhatsApp Chat with Alice.txt", """
                24/11/2023, 09:00 - Messages and calls are end-to-end encrypted. Tap to learn more.
                24/11/2023, 09:01 - Alice: Morning!
                Coffee later?
                24/11/2023, 09:02 - Bob: <Media omitted>
                31/02/2023, 09:03 - Bob: a date that does not exist
                25/11/2023, 18:30 - Alice: See you
                """);
    }

    @Test
    void dryRun_json_hasTheDesignFields() throws IOException {
        Run run = pvault(
                "import",
                chat().toString(),
                "--dry-run",
                "--json",
                "--home",
                folder.resolve("none").toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        Map<String, Object> json = topLevel(run.out());
        assertThat(json)
                .containsEntry("format", "whatsapp")
                .containsEntry("date_order", "DMY")
                .containsEntry("messages", 3L)
                .containsEntry("system", 1L)
                .containsEntry("media", 1L)
                .containsEntry("skipped", 1L)
                .containsEntry("first", "2023-11-24T09:01:00")
                .containsEntry("last", "2023-11-25T18:30:00")
                .containsEntry("authors", List.of("Alice", "Bob"))
                .containsEntry("chats", List.of("Alice"))
                .containsEntry("dry_run", true)
                .containsKey("files");
        assertThat(run.out()).contains("\"skipped_lines\"").contains("\"line\" : 5");
        assertThat(Files.exists(folder.resolve("none")))
                .as("a dry run creates no vault")
                .isFalse();
    }

    @Test
    void dryRun_text_saysWhatItFoundAndThatNothingWasStored() throws IOException {
        Run run = pvault("import", chat().toString(), "--dry-run");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("WhatsApp Chat with Alice.txt: WhatsApp export, dates DMY")
                .contains("messages  3 (1 of them media)")
                .contains("line 5: the date is not valid as DMY")
                .contains("authors   2: Alice (2), Bob (1)")
                .contains("Dry run: nothing was stored.");
    }

    @Test
    void dryRun_severalFiles_sumsThemUp() throws IOException {
        Path jsonl = file(
                "notes.jsonl",
                "{\"chat\": \"Notes\", \"sender\": \"Me\", \"time\": \"2020-01-01T10:00:00\", \"text\": \"x\"}\n");
        Run run = pvault("import", chat().toString(), jsonl.toString(), "--dry-run", "--json");
        Map<String, Object> json = topLevel(run.out());
        assertThat(json)
                .containsEntry("format", "mixed")
                .containsEntry("messages", 4L)
                .containsEntry("first", "2020-01-01T10:00:00")
                .containsEntry("chats", List.of("Alice", "Notes"));
    }

    @Test
    void options_chatDateOrderAndZone_reachTheImporter() throws IOException {
        Path ambiguous = file("a.txt", "03/04/2021, 10:00 - Sam: hi\n");
        Run run = pvault(
                "import",
                ambiguous.toString(),
                "--dry-run",
                "--json",
                "--chat",
                "Sam",
                "--date-order",
                "mdy",
                "--tz",
                "Europe/Berlin",
                "--format",
                "whatsapp");
        Map<String, Object> json = topLevel(run.out());
        assertThat(json).containsEntry("first", "2021-03-04T10:00:00").containsEntry("chats", List.of("Sam"));
        assertThat(run.out()).contains("\"zone\" : \"Europe/Berlin\"").contains("set with --date-order");
    }

    @Test
    void aRejectedFile_isExitOneWithOneLine_andNothingIsRead() throws IOException {
        Path notAChat = file("list.txt", "Eggs: 12\nMilk: 2\n");
        Run run = pvault("import", chat().toString(), notAChat.toString(), "--dry-run");
        assertThat(run.exitCode()).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(run.err().strip())
                .isEqualTo("pvault: list.txt: not a WhatsApp chat export: none of its 2 lines starts with a date and"
                        + " time");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void withoutDryRun_andWithoutAVault_saysToCreateOne() throws IOException {
        Path passphrase = Files.writeString(folder.resolve("pass"), "correct horse battery staple");
        Run run = pvault(
                "import",
                chat().toString(),
                "--home",
                folder.resolve("no-vault").toString(),
                "--passphrase-file",
                passphrase.toString());
        assertThat(run.exitCode()).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(run.err()).contains("pvault init").hasLineCount(1);
    }

    @Test
    void badOptions_areUserErrors() throws IOException {
        String path = chat().toString();
        assertThat(pvault("import", path, "--dry-run", "--format", "pdf").err()).contains("--format must be");
        assertThat(pvault("import", path, "--dry-run", "--date-order", "DDMM").err())
                .contains("--date-order must be");
        Run zone = pvault("import", path, "--dry-run", "--tz", "Mars/Olympus");
        assertThat(zone.exitCode()).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(zone.err()).contains("unknown time zone");
        assertThat(pvault("import").exitCode()).isEqualTo(Main.EXIT_USER_ERROR);
        assertThat(pvault("import", folder.resolve("missing.txt").toString(), "--dry-run")
                        .err())
                .contains("no such file");
    }

    @Test
    void help_explainsTheDryRunAndTheDateOrder() {
        Run run = pvault("import", "--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out())
                .contains("--dry-run")
                .contains("--date-order")
                .contains("--tz")
                .contains("JSONL");
    }

    /** The top-level fields of a JSON object: scalars, and arrays of scalars as lists. */
    private static Map<String, Object> topLevel(String json) throws IOException {
        Map<String, Object> fields = new LinkedHashMap<>();
        try (JsonParser parser = new JsonFactory().createParser(json)) {
            assertThat(parser.nextToken()).isEqualTo(JsonToken.START_OBJECT);
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (value == JsonToken.START_ARRAY) {
                    List<Object> items = new ArrayList<>();
                    while (parser.nextToken() != JsonToken.END_ARRAY) {
                        if (parser.currentToken().isStructStart()) {
                            parser.skipChildren();
                            items.add("{...}");
                        } else {
                            items.add(parser.getText());
                        }
                    }
                    fields.put(name, items);
                } else if (value == JsonToken.START_OBJECT) {
                    parser.skipChildren();
                    fields.put(name, "{...}");
                } else if (value == JsonToken.VALUE_NUMBER_INT) {
                    fields.put(name, parser.getLongValue());
                } else if (value.isBoolean()) {
                    fields.put(name, parser.getBooleanValue());
                } else {
                    fields.put(name, value == JsonToken.VALUE_NULL ? null : parser.getText());
                }
            }
        }
        return fields;
    }
}
