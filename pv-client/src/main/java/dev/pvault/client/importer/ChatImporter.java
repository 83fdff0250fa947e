package dev.pvault.client.importer;

import dev.pvault.core.UserException;
import dev.pvault.core.VaultException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The importers' entry point: WhatsApp text exports, Telegram Desktop JSON and JSONL become {@link
 * dev.pvault.core.model.ChatMessage}s.
 *
 * <pre>{@code
 * PreparedImport prepared = ChatImporter.prepare(file, ImportOptions.defaults());   // first pass: may reject
 * ImportReport report = prepared.read(new MessageIdAssigner(key), batcher::add);    // second pass: streams
 * }</pre>
 *
 * <p>Every import reads the file twice. The first pass decides what needs the whole file (a WhatsApp date
 * order, a JSON schema that must hold everywhere) and rejects a bad file before anything is handed on; the
 * second streams the messages. Neither keeps more than one message in memory. Formats and rules:
 * docs/IMPORT-FORMATS.md.
 */
public final class ChatImporter {
    private ChatImporter() {}

    /**
     * Runs the first pass over {@code file}.
     *
     * @throws ExportRejectedException when the file is not an export of the format (given or detected), is not
     *     valid JSON, or breaks the schema; the message names file, line and reason
     * @throws VaultException when the file cannot be read
     */
    public static PreparedImport prepare(Path file, ImportOptions options) {
        return prepare(ExportSource.of(file), options);
    }

    static PreparedImport prepare(ExportSource source, ImportOptions options) {
        String stamp = source.stamp();
        try {
            ExportFormat format = options.format() != null ? options.format() : FormatDetector.detect(source);
            return switch (format) {
                case WHATSAPP -> {
                    WhatsAppParser.Survey survey = WhatsAppParser.survey(source, options.dateOrder());
                    String chat =
                            options.chat() != null ? options.chat() : ChatNames.fromFile(source.path(), source.name());
                    yield new PreparedImport(
                            source,
                            stamp,
                            options,
                            format,
                            survey.decision(),
                            out -> WhatsAppParser.read(source, survey, chat, out));
                }
                case TELEGRAM -> {
                    TelegramParser.Survey survey = TelegramParser.survey(source, options);
                    yield new PreparedImport(
                            source,
                            stamp,
                            options,
                            format,
                            null,
                            out -> TelegramParser.read(source, survey, options, out));
                }
                case JSONL -> {
                    JsonlParser.check(source, options);
                    yield new PreparedImport(
                            source, stamp, options, format, null, out -> JsonlParser.read(source, options, out));
                }
            };
        } catch (IOException e) {
            throw new UserException(
                    source.name() + ": cannot read: " + e.getClass().getSimpleName(), e);
        }
    }
}
