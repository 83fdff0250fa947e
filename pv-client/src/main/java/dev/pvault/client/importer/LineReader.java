package dev.pvault.client.importer;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads text lines with a cap on their length, so one enormous line cannot take the heap with it.
 *
 * <p>Decodes UTF-8, or UTF-16 where a byte-order mark says so; a UTF-8 byte-order mark is dropped; bytes that
 * are not valid UTF-8 become U+FFFD. Lines end at LF, CRLF or a lone CR; the terminator is not returned, and a
 * missing final newline changes nothing.
 */
final class LineReader implements Closeable {
    private final Reader in;
    private final int maxLineChars;
    private final char[] buffer = new char[16 * 1024];
    private int position;
    private int limit;
    private boolean endOfInput;
    private long lineNumber;
    private boolean truncated;
    private final StringBuilder line = new StringBuilder(256);

    LineReader(Reader in, int maxLineChars) {
        this.in = in;
        this.maxLineChars = maxLineChars;
    }

    /** Opens {@code bytes} as text, honouring a byte-order mark. */
    static LineReader open(InputStream bytes, int maxLineChars) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(bytes, 64 * 1024);
        buffered.mark(3);
        int b0 = buffered.read();
        int b1 = buffered.read();
        int b2 = buffered.read();
        Charset charset = StandardCharsets.UTF_8;
        int skip = 0;
        if (b0 == 0xEF && b1 == 0xBB && b2 == 0xBF) {
            skip = 3;
        } else if (b0 == 0xFE && b1 == 0xFF) {
            charset = StandardCharsets.UTF_16BE;
            skip = 2;
        } else if (b0 == 0xFF && b1 == 0xFE) {
            charset = StandardCharsets.UTF_16LE;
            skip = 2;
        }
        buffered.reset();
        buffered.skipNBytes(skip);
        Reader reader = new InputStreamReader(
                buffered,
                charset.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPLACE)
                        .onUnmappableCharacter(CodingErrorAction.REPLACE));
        return new LineReader(reader, maxLineChars);
    }

    /** The next line without its terminator, or {@code null} at the end of the input. */
    String next() throws IOException {
        line.setLength(0);
        truncated = false;
        boolean sawAny = false;
        while (true) {
            if (position >= limit && !fill()) {
                if (!sawAny) {
                    return null;
                }
                break;
            }
            sawAny = true;
            int start = position;
            int end = start;
            char terminator = 0;
            while (end < limit) {
                char c = buffer[end];
                if (c == '\n' || c == '\r') {
                    terminator = c;
                    break;
                }
                end++;
            }
            append(start, end);
            if (terminator == 0) {
                position = end;
                continue;
            }
            position = end + 1;
            if (terminator == '\r') {
                if (position >= limit) {
                    fill();
                }
                if (position < limit && buffer[position] == '\n') {
                    position++;
                }
            }
            break;
        }
        lineNumber++;
        return line.toString();
    }

    /** The 1-based number of the line {@link #next()} returned last. */
    long lineNumber() {
        return lineNumber;
    }

    /** Whether the line {@link #next()} returned last was longer than the cap and was cut. */
    boolean truncated() {
        return truncated;
    }

    private void append(int start, int end) {
        int room = maxLineChars - line.length();
        int length = end - start;
        if (length > room) {
            truncated = true;
            length = Math.max(room, 0);
        }
        line.append(buffer, start, length);
    }

    private boolean fill() throws IOException {
        if (endOfInput) {
            return false;
        }
        int read;
        do {
            read = in.read(buffer, 0, buffer.length);
        } while (read == 0);
        if (read < 0) {
            endOfInput = true;
            position = 0;
            limit = 0;
            return false;
        }
        position = 0;
        limit = read;
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
