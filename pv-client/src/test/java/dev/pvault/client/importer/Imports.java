package dev.pvault.client.importer;

import dev.pvault.core.crypto.MessageIdAssigner;
import dev.pvault.core.crypto.MessageIdKey;
import dev.pvault.core.model.ChatMessage;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Test helpers: in-memory sources, fixtures, and a parse that collects everything. */
final class Imports {
    /** A fixed key, so that ids can be compared across parses. */
    static final MessageIdKey KEY = MessageIdKey.of(new byte[MessageIdKey.LENGTH]);

    private Imports() {}

    /** What one full import produced. */
    record Result(ImportReport report, List<ChatMessage> messages) {
        List<String> texts() {
            return messages.stream().map(ChatMessage::text).toList();
        }

        List<String> senders() {
            return messages.stream().map(ChatMessage::sender).toList();
        }
    }

    static ExportSource text(String name, String content) {
        return bytes(name, content.getBytes(StandardCharsets.UTF_8));
    }

    static ExportSource bytes(String name, byte[] content) {
        return stream(name, () -> new ByteArrayInputStream(content));
    }

    /** A source whose bytes come from {@code open}, each time afresh (generated exports never held whole). */
    static ExportSource stream(String name, Supplier<InputStream> open) {
        return new ExportSource() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Path path() {
                return Path.of(name);
            }

            @Override
            public InputStream open() {
                return open.get();
            }

            @Override
            public String stamp() {
                return "fixed";
            }
        };
    }

    /** A fixture under src/test/resources/importer. */
    static Path fixture(String relative) {
        URL url = Imports.class.getResource("/importer/" + relative);
        if (url == null) {
            throw new IllegalArgumentException("no fixture " + relative);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new UncheckedIOException(new java.io.IOException(e));
        }
    }

    static Result run(ExportSource source, ImportOptions options) {
        List<ChatMessage> messages = new ArrayList<>();
        ImportReport report = ChatImporter.prepare(source, options).read(new MessageIdAssigner(KEY), messages::add);
        return new Result(report, messages);
    }

    static Result run(ExportSource source) {
        return run(source, ImportOptions.defaults());
    }

    static Result run(Path file, ImportOptions options) {
        return run(ExportSource.of(file), options);
    }

    static Result run(Path file) {
        return run(file, ImportOptions.defaults());
    }

    static Result whatsapp(String content) {
        return run(text("chat.txt", content));
    }
}
