package dev.pvault.client.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineReaderTest {

    private static List<String> lines(LineReader reader) throws IOException {
        List<String> lines = new ArrayList<>();
        String line;
        while ((line = reader.next()) != null) {
            lines.add(line);
        }
        return lines;
    }

    @Test
    void splitsOnLfCrlfAndLoneCr_keepsEmptyLines_ignoresAMissingFinalNewline() throws IOException {
        LineReader reader = new LineReader(new StringReader("a\r\nb\rc\n\nd"), 100);
        assertThat(lines(reader)).containsExactly("a", "b", "c", "", "d");
        assertThat(reader.lineNumber()).isEqualTo(5);
        assertThat(lines(new LineReader(new StringReader(""), 100))).isEmpty();
        assertThat(lines(new LineReader(new StringReader("\n"), 100))).containsExactly("");
    }

    @Test
    void crlfSplitAcrossTheBuffer_isStillOneLineEnd() throws IOException {
        String text = "x".repeat(16 * 1024 - 1) + "\r\n" + "y";
        assertThat(lines(new LineReader(new StringReader(text), 100_000))).hasSize(2);
    }

    @Test
    void cutsLinesAtTheCap_andSaysSo() throws IOException {
        LineReader reader = new LineReader(new StringReader("12345678\nok\n"), 5);
        assertThat(reader.next()).isEqualTo("12345");
        assertThat(reader.truncated()).isTrue();
        assertThat(reader.next()).isEqualTo("ok");
        assertThat(reader.truncated()).isFalse();
    }

    @Test
    void byteOrderMarks_pickTheCharsetAndAreDropped() throws IOException {
        byte[] utf8 = "\uFEFFé".getBytes(StandardCharsets.UTF_8);
        assertThat(lines(LineReader.open(new ByteArrayInputStream(utf8), 10))).containsExactly("é");
        byte[] utf16be = "\uFEFFé".getBytes(StandardCharsets.UTF_16BE);
        assertThat(lines(LineReader.open(new ByteArrayInputStream(utf16be), 10)))
                .containsExactly("é");
        byte[] plain = "ab".getBytes(StandardCharsets.UTF_8);
        assertThat(lines(LineReader.open(new ByteArrayInputStream(plain), 10))).containsExactly("ab");
    }
}
