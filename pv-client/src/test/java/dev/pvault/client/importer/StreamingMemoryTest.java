package dev.pvault.client.importer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pvault.core.crypto.MessageIdAssigner;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;

/**
 * Memory does not grow with the export. A 50 MB WhatsApp export (25 MB for Telegram, the same design at half
 * the test time) is generated on the fly, never held whole, and read through both passes; during the second pass the heap is measured after a full collection at five points. If
 * the importer kept messages, lines or a growing index, the live heap would grow by tens of megabytes between
 * the first and the last point (the text alone is ~100 MB as Java strings); it must stay within a few.
 */
class StreamingMemoryTest {
    private static final long MESSAGES = 500_000;
    private static final long ALLOWED_GROWTH = 8L << 20;

    @Test
    void whatsapp_fiftyMegabytes_liveHeapStaysFlat() {
        LongFunction<String> line = i -> {
            StringBuilder out = new StringBuilder(128).append('[');
            two(out, 13 + (int) (i / 86_400) % 15).append('/');
            two(out, 1 + (int) (i / 1_296_000) % 12).append("/2023, ");
            two(out, (int) (i / 3600) % 24).append(':');
            two(out, (int) (i / 60) % 60).append(':');
            two(out, (int) (i % 60))
                    .append("] Member ")
                    .append(i % 40)
                    .append(": message number ")
                    .append(i);
            out.append(", a line of ordinary chat text, about as long as most");
            return out.append(i % 10 == 0 ? "\nand a second line\n" : "\n").toString();
        };
        ExportSource source = Imports.stream("big.txt", () -> generated(line, MESSAGES));
        HeapProbe probe = new HeapProbe(MESSAGES / 5);
        ImportReport report = ChatImporter.prepare(source, ImportOptions.defaults())
                .read(new MessageIdAssigner(Imports.KEY), message -> probe.tick());
        assertThat(report.messages()).isEqualTo(MESSAGES);
        assertThat(lastStreamBytes).isGreaterThan(50_000_000L);
        probe.assertFlat();
    }

    @Test
    void telegram_twentyFiveMegabytes_liveHeapStaysFlat() {
        long messages = MESSAGES / 4;
        LongFunction<String> message = i -> new StringBuilder(256)
                .append(i == 0 ? "{\"name\": \"Big\", \"type\": \"private_group\", \"messages\": [\n" : ",\n")
                .append("{\"id\": ")
                .append(i)
                .append(", \"type\": \"message\", \"date_unixtime\": \"")
                .append(1_673_600_000L + 7 * i)
                .append("\", \"from\": \"Member ")
                .append(i % 40)
                .append("\", \"from_id\": \"user")
                .append(i % 40)
                .append("\", \"text\": [\"message number ")
                .append(i)
                .append(", \", {\"type\": \"bold\", \"text\": \"some text\"}, \" and more, to make a long")
                .append(" enough message for the size\"]}")
                .append(i == messages - 1 ? "\n]}\n" : "")
                .toString();
        ExportSource source = Imports.stream("result.json", () -> generated(message, messages));
        HeapProbe probe = new HeapProbe(messages / 5);
        ImportReport report = ChatImporter.prepare(source, ImportOptions.defaults())
                .read(new MessageIdAssigner(Imports.KEY), m -> probe.tick());
        assertThat(report.messages()).isEqualTo(messages);
        assertThat(lastStreamBytes).isGreaterThan(25_000_000L);
        probe.assertFlat();
    }

    private static StringBuilder two(StringBuilder out, int value) {
        return out.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
    }

    /** Bytes served by the stream opened last (the second pass, once an import is done). */
    private long lastStreamBytes;

    /** An export produced piece by piece as it is read. */
    private InputStream generated(LongFunction<String> piece, long count) {
        lastStreamBytes = 0;
        return new InputStream() {
            private long next;
            private byte[] current = new byte[0];
            private int position;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                if (length == 0) {
                    return 0;
                }
                if (position >= current.length) {
                    if (next >= count) {
                        return -1;
                    }
                    current = piece.apply(next++).getBytes(StandardCharsets.UTF_8);
                    position = 0;
                }
                int n = Math.min(length, current.length - position);
                System.arraycopy(current, position, buffer, offset, n);
                position += n;
                lastStreamBytes += n;
                return n;
            }
        };
    }

    /** Samples the live heap (after a full collection) every {@code step} messages. */
    private final class HeapProbe {
        private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        private final long step;
        private final List<Long> samples = new ArrayList<>();
        private long seen;

        HeapProbe(long step) {
            this.step = step;
        }

        void tick() {
            if (++seen % step == 0) {
                System.gc();
                samples.add(memory.getHeapMemoryUsage().getUsed());
            }
        }

        void assertFlat() {
            assertThat(samples).hasSize(5);
            long growth = samples.getLast() - samples.getFirst();
            long spread = samples.stream().mapToLong(Long::longValue).max().orElseThrow()
                    - samples.stream().mapToLong(Long::longValue).min().orElseThrow();
            assertThat(growth)
                    .as("live heap after GC at 20%%..100%% of the second pass: %s", samples)
                    .isLessThan(ALLOWED_GROWTH);
            assertThat(spread).as("samples %s", samples).isLessThan(2 * ALLOWED_GROWTH);
        }
    }
}
