package dev.pvault.bench;

import dev.pvault.client.importer.ChatImporter;
import dev.pvault.client.importer.ImportOptions;
import dev.pvault.client.importer.ImportReport;
import dev.pvault.client.importer.PreparedImport;
import dev.pvault.core.crypto.MessageIdAssigner;
import dev.pvault.core.crypto.MessageIdKey;
import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Parse throughput of the importers on large generated exports (not a test: it prints figures).
 *
 * <pre>java -cp ... dev.pvault.bench.ImportThroughput [MiB per export, default 50] [timed runs, default 3]</pre>
 *
 * Writes a WhatsApp (Android and iOS shapes), a Telegram and a JSONL export of about the given size into a temp
 * folder, then for each: one warm-up import, then timed imports, each both passes with message ids, as the CLI
 * does. Prints one JSON line per export: best and median wall time, messages/s, MiB/s, the split between the
 * first pass (prepare) and the second (read with ids), and the heap in use after a full GC at the end.
 */
public final class ImportThroughput {
    private static final String[] WORDS = ("the a to and of I you it is that in for on we be have this with are not"
                    + " at so do but was can just what all will if get like know me up out no my your one there about"
                    + " how time good see now think go come tomorrow dinner train late sorry thanks photo kids work"
                    + " weekend call later love lunch meeting home great yes okay sure maybe tonight haha 😂 👍 ❤️")
            .split(" ");
    private static final String[] NAMES = {
        "Ana", "Ben Okafor", "+44 7700 900123", "Chloé", "Dad", "Mum", "Priya", "Team:Blue", "山田太郎", "Zoë"
    };

    private ImportThroughput() {}

    public static void main(String[] args) throws IOException {
        long bytes = (args.length > 0 ? Long.parseLong(args[0]) : 50) << 20;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path folder = Files.createTempDirectory("pv-import-bench");
        try {
            List<Path> exports = List.of(
                    writeWhatsApp(folder.resolve("WhatsApp Chat with Android.txt"), bytes, false),
                    writeWhatsApp(folder.resolve("WhatsApp Chat with iOS.txt"), bytes, true),
                    writeTelegram(folder.resolve("result.json"), bytes),
                    writeJsonl(folder.resolve("messages.jsonl"), bytes));
            for (Path export : exports) {
                measure(export, runs);
            }
        } finally {
            try (var files = Files.list(folder)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(folder);
        }
    }

    private static void measure(Path export, int runs) throws IOException {
        MessageIdKey key = MessageIdKey.generate();
        run(export, key); // warm-up
        double[] total = new double[runs];
        double[] first = new double[runs];
        ImportReport report = null;
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            PreparedImport prepared = ChatImporter.prepare(export, ImportOptions.defaults());
            long prepared_ = System.nanoTime();
            report = prepared.read(new MessageIdAssigner(key), message -> {});
            long end = System.nanoTime();
            total[i] = (end - start) / 1e9;
            first[i] = (prepared_ - start) / 1e9;
        }
        java.util.Arrays.sort(total);
        java.util.Arrays.sort(first);
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        double mib = Files.size(export) / (double) (1 << 20);
        double best = total[0];
        System.out.printf(
                Locale.ROOT,
                "{\"export\":\"%s\",\"format\":\"%s\",\"mib\":%.1f,\"messages\":%d,\"runs\":%d,\"best_s\":%.3f,"
                        + "\"median_s\":%.3f,\"messages_per_s\":%.0f,\"mib_per_s\":%.1f,\"first_pass_s\":%.3f,"
                        + "\"heap_after_gc_mib\":%.1f,\"max_heap_mib\":%d}%n",
                export.getFileName(),
                report.format().id(),
                mib,
                report.messages(),
                runs,
                best,
                total[runs / 2],
                report.messages() / best,
                mib / best,
                first[0],
                heap / (double) (1 << 20),
                Runtime.getRuntime().maxMemory() >> 20);
    }

    private static void run(Path export, MessageIdKey key) {
        ChatImporter.prepare(export, ImportOptions.defaults()).read(new MessageIdAssigner(key), message -> {});
    }

    /** A chat of Android or iOS shape: multi-line messages, media placeholders, system lines. */
    private static Path writeWhatsApp(Path file, long bytes, boolean ios) throws IOException {
        Random random = new Random(42);
        DateTimeFormatter android = DateTimeFormatter.ofPattern("dd/MM/yyyy, HH:mm", Locale.ROOT);
        DateTimeFormatter iphone = DateTimeFormatter.ofPattern("'['M/d/yy, h:mm:ss\u202Fa']'", Locale.US);
        LocalDateTime time = LocalDateTime.of(2016, 1, 13, 9, 0);
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            long written = 0;
            while (written < bytes) {
                time = time.plusSeconds(random.nextInt(900));
                String stamp = ios ? iphone.format(time) + " " : android.format(time) + " - ";
                String name = NAMES[random.nextInt(NAMES.length)];
                int kind = random.nextInt(100);
                String line;
                if (kind < 2) {
                    line = stamp + name + " changed the group description";
                } else if (kind < 7) {
                    line = stamp + name + (ios ? ": \u200Eimage omitted" : ": <Media omitted>");
                } else {
                    line = stamp + name + ": " + sentence(random) + (kind < 17 ? "\n" + sentence(random) : "");
                }
                out.write(line);
                out.write('\n');
                written += line.getBytes(StandardCharsets.UTF_8).length + 1;
            }
        }
        return file;
    }

    private static Path writeTelegram(Path file, long bytes) throws IOException {
        Random random = new Random(42);
        LocalDateTime time = LocalDateTime.of(2016, 1, 13, 9, 0);
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("{\n \"name\": \"Bench\",\n \"type\": \"private_group\",\n \"id\": 1,\n \"messages\": [\n");
            long written = 0;
            for (int id = 1; written < bytes; id++) {
                time = time.plusSeconds(random.nextInt(900));
                String name = NAMES[random.nextInt(NAMES.length)];
                String text = random.nextInt(10) == 0
                        ? "[\"" + sentence(random) + " \", {\"type\": \"link\", \"text\": \"https://example.org/" + id
                                + "\"}]"
                        : "\"" + sentence(random) + "\"";
                String message = (id > 1 ? ",\n" : "") + "  {\n   \"id\": " + id
                        + ",\n   \"type\": \"message\",\n   \"date\": \"" + time + "\",\n   \"date_unixtime\": \""
                        + time.toEpochSecond(java.time.ZoneOffset.UTC) + "\",\n   \"from\": \"" + name
                        + "\",\n   \"from_id\": \"user" + name.hashCode() + "\",\n   \"text\": " + text + "\n  }";
                out.write(message);
                written += message.getBytes(StandardCharsets.UTF_8).length;
            }
            out.write("\n ]\n}\n");
        }
        return file;
    }

    private static Path writeJsonl(Path file, long bytes) throws IOException {
        Random random = new Random(42);
        LocalDateTime time = LocalDateTime.of(2016, 1, 13, 9, 0);
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            long written = 0;
            while (written < bytes) {
                time = time.plusSeconds(random.nextInt(900));
                String line = "{\"chat\": \"Bench\", \"sender\": \"" + NAMES[random.nextInt(NAMES.length)]
                        + "\", \"time\": \"" + time + "\", \"text\": \"" + sentence(random) + "\"}\n";
                out.write(line);
                written += line.getBytes(StandardCharsets.UTF_8).length;
            }
        }
        return file;
    }

    private static String sentence(Random random) {
        StringBuilder text = new StringBuilder();
        int words = 1 + random.nextInt(random.nextInt(10) == 0 ? 60 : 14);
        for (int i = 0; i < words; i++) {
            if (i > 0) {
                text.append(' ');
            }
            text.append(WORDS[random.nextInt(WORDS.length)]);
        }
        return text.toString();
    }
}
