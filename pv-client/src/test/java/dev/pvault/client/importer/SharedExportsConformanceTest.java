package dev.pvault.client.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pvault.client.importer.Imports.Result;
import dev.pvault.core.crypto.MessageIdKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every real public export in {@code ${pv.shared.dir}/data} (see data/SOURCES.md) against the results
 * established by reading each file, kept in {@code importer/shared-expectations.tsv}. Skips, saying why, where
 * the folder is absent.
 *
 * <p>Where a file's date order is ambiguous, the expectation is what the documented rule decides
 * (docs/IMPORT-FORMATS.md). pustur__short-chat's dates run forward only as month/day/year, although SOURCES.md
 * describes the file as day/month/year (read that way its dates jump from May back to April).
 */
class SharedExportsConformanceTest {
    private static final List<String> FOLDERS = List.of("whatsapp", "telegram", "other");

    /** Multi-line and otherwise tricky bodies, checked whole: file, message index, what the text must be. */
    private static final Map<String, Map<Integer, Predicate<String>>> BODIES = Map.ofEntries(
            Map.entry("whatsapp/pustur__short-chat.txt", Map.of(2, "How are you?\n\nIs everything alright?"::equals)),
            Map.entry(
                    "whatsapp/chatanalyser__whatsapp.txt",
                    Map.of(0, "hello\nworld\nthis is the test case input\nfile"::equals)),
            Map.entry(
                    "whatsapp/waparsergo__english_iphone-saved_contacts.txt",
                    Map.of(4, "I was thinking\ngoing to the beach\ngetting wasted\nor something"::equals)),
            Map.entry(
                    "whatsapp/sodascience___chat_file2.txt",
                    Map.of(
                            0, "Hi \n\nshiva!"::equals,
                            4, "Location: https://maps.google.com/?q=52.089451,5.108469"::equals)),
            Map.entry(
                    "whatsapp/muntazir__chat-with-dev-team.txt",
                    Map.of(
                            0,
                            ("Good morning team! ☀️ Here's the agenda for today's sprint planning:\n"
                                    + "1. Review pull requests\n2. Database schema refactoring\n"
                                    + "3. Progress bar UI enhancements")::equals)),
            Map.entry(
                    "whatsapp/chatminer__test_dateformat1.txt",
                    Map.of(
                            0,
                            "."::equals,
                            5,
                            ("Lorem ipsum dolor sit amet,\nconsectetur adipiscing elit.\nPellentesque non tincidunt"
                                            + " erat.\nNullam suscipit diam dolor, non pretium leo semper eu.\n"
                                            + "Aliquam pellentesque facilisis nunc eu rhoncus.\nCras scelerisque neque.")
                                    ::equals)),
            Map.entry(
                    "whatsapp/wolfschuh__chat-with-jane-doe.txt",
                    Map.of(
                            0,
                            ("Lorem ipsum dolor sit amet? 😉\nconsectetur adipiscing elit. Ut condimentum aliquet velit"
                                    + " quis suscipit.\nGreetings...")::equals,
                            5,
                            text -> text.startsWith("Suspendisse eleifend,")
                                    && text.contains("sollicitudin at elit.\n\nMauris facilisis")
                                    && text.endsWith("mattis ac.")
                                    && text.split("\n", -1).length == 3)),
            Map.entry(
                    "whatsapp/whatsreader__ios-format-test.txt",
                    Map.of(
                            0,
                            String::isEmpty,
                            1,
                            text -> text.startsWith("الشوبينج مستنيك\n")
                                    && text.endsWith("اكتب STOP علشان توقف الرسايل")
                                    && text.split("\n", -1).length == 6)),
            Map.entry(
                    "whatsapp/rwhatsapp__sample.txt",
                    Map.of(
                            2, "It's fun doing text analysis with R\nisn't it?"::equals,
                            5, text -> text.startsWith("😀😃😄") && text.endsWith("🤦\u200D♀🤦\u200D♂"),
                            6, text -> text.endsWith("👓🕶🌂"))),
            Map.entry("whatsapp/whatsreader__dot-time-klo-format-test.txt", Map.of(1, "tämä on toinen testi"::equals)),
            Map.entry(
                    "telegram/tgparser__saved.json",
                    Map.of(
                            2, "Learning SQL by solving an SQL murder mystery\nhttp://mystery.knightlab.com/"::equals,
                            9,
                                    "Check out «Cat     @farsisticker» sticker set: https://t.me/addstickers/cat_farsi"
                                            ::equals,
                            15, "- a list\n- with line breaks\n- three \n- four"::equals)),
            Map.entry("telegram/chatanalytics__DM_2A_7M.json", Map.of(0, "https://google.com 👀"::equals)));

    private static Path dataFolder() {
        String shared = System.getProperty("pv.shared.dir");
        Path data = shared == null ? null : Path.of(shared, "data");
        Assumptions.assumeTrue(
                data != null
                        && Files.isDirectory(data.resolve("whatsapp"))
                        && Files.isDirectory(data.resolve("telegram")),
                "real exports not found (system property pv.shared.dir=" + shared
                        + " has no data/whatsapp and data/telegram): conformance skipped");
        return data;
    }

    private static List<String[]> expectations() throws IOException {
        return Files.readAllLines(Imports.fixture("shared-expectations.tsv"), StandardCharsets.UTF_8).stream()
                .filter(line -> !line.isBlank() && !line.startsWith("#"))
                .map(line -> line.split("\t", -1))
                .toList();
    }

    @TestFactory
    Stream<DynamicTest> everySharedExport_givesTheResultsEstablishedByReadingIt() throws IOException {
        Path data = dataFolder();
        return expectations().stream()
                .map(expected -> DynamicTest.dynamicTest(expected[0], () -> check(data, expected)));
    }

    @Test
    void everyFileInTheSharedFolders_hasAnExpectation() throws IOException {
        Path data = dataFolder();
        Set<String> present = new TreeSet<>();
        for (String folder : FOLDERS) {
            try (Stream<Path> files = Files.list(data.resolve(folder))) {
                files.forEach(file -> present.add(folder + "/" + file.getFileName()));
            }
        }
        Set<String> expected = new TreeSet<>();
        expectations().forEach(row -> expected.add(row[0]));
        assertThat(expected).isEqualTo(present);
        assertThat(present.stream().filter(file -> file.startsWith("whatsapp/")).count())
                .isEqualTo(35);
    }

    private static void check(Path data, String[] expected) {
        Path file = data.resolve(expected[0]);
        if (expected[1].equals("REJECTED")) {
            assertThatThrownBy(() -> Imports.run(file))
                    .isInstanceOf(ExportRejectedException.class)
                    .hasMessage(file.getFileName() + ": " + expected[2]);
            return;
        }
        Result result = Imports.run(file);
        ImportReport report = result.report();
        String actual = String.join(
                "\t",
                expected[0],
                report.format().id(),
                report.dateOrder() == null ? "-" : report.dateOrder().name(),
                Long.toString(report.messages()),
                Long.toString(report.media()),
                Long.toString(report.system()),
                Long.toString(report.skipped()),
                report.first() == null ? "-" : MessageIdKey.TIME_FORMAT.format(report.first()),
                report.last() == null ? "-" : MessageIdKey.TIME_FORMAT.format(report.last()),
                report.authors().isEmpty()
                        ? "-"
                        : report.authors().stream()
                                .map(author -> author.name() + "=" + author.messages())
                                .collect(Collectors.joining(", ")));
        assertThat(actual).isEqualTo(String.join("\t", expected));
        assertThat(result.messages()).hasSize((int) report.messages());
        for (Map.Entry<Integer, Predicate<String>> body :
                BODIES.getOrDefault(expected[0], Map.of()).entrySet()) {
            assertThat(result.messages().get(body.getKey()).text())
                    .as("message %d of %s", body.getKey(), expected[0])
                    .matches(body.getValue());
        }
    }
}
