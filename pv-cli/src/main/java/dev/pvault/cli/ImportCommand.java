package dev.pvault.cli;

import dev.pvault.client.ImportSummary;
import dev.pvault.client.VaultStatus;
import dev.pvault.client.importer.ChatImporter;
import dev.pvault.client.importer.DateOrder;
import dev.pvault.client.importer.ExportFormat;
import dev.pvault.client.importer.ImportOptions;
import dev.pvault.client.importer.ImportReport;
import dev.pvault.client.importer.PreparedImport;
import dev.pvault.core.crypto.MessageIdAssigner;
import dev.pvault.core.crypto.MessageIdKey;
import dev.pvault.core.crypto.UserKeys;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code pvault import FILE...}: reads chat exports. With {@code --dry-run} it only parses and reports what it
 * found; the real import (seal, upload, embed) comes with the local-mode build and plugs in at {@link #store}.
 */
@Command(
        name = "import",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Import chat exports: WhatsApp \"Export chat\" .txt files (Android and iOS, any language), Telegram"
                    + " Desktop JSON (result.json: one chat or a full export) and JSONL (one"
                    + " {\"chat\",\"sender\",\"time\",\"text\"} object per line).",
            "",
            "Check an export first with --dry-run: it parses every FILE, stores nothing, needs no vault and no"
                    + " passphrase, and prints what it found - messages, system lines (encryption notices, group"
                    + " events, deleted messages), media placeholders, skipped lines with their line numbers and"
                    + " reasons, the first and last message time, the senders, and for WhatsApp the date order"
                    + " it chose and why.",
            "",
            "WhatsApp dates: day/month/year or month/day/year is decided from the whole file (a date only one"
                    + " order makes possible, else the order in which the dates run forward). If the dry run"
                    + " shows the wrong order, set it with --date-order.",
            "",
        },
        footer = {
            "",
            "Examples:",
            "  pvault import \"WhatsApp Chat with Alice.txt\" --dry-run",
            "  pvault import _chat.txt --chat \"Family\" --date-order MDY --dry-run --json",
            "  pvault import result.json messages.jsonl --tz Europe/Berlin --dry-run",
            "",
            "Formats and rules in detail: docs/IMPORT-FORMATS.md.",
            "Exit codes: 0 success, 1 a file was rejected or an option is wrong (one line on stderr), 2 internal"
                    + " error.",
        })
final class ImportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Export files to import.")
    List<Path> files;

    @Option(
            names = "--chat",
            paramLabel = "NAME",
            description = "Chat name for every message of these files (default: the Telegram chat name, the JSONL"
                    + " \"chat\" field, or the WhatsApp file name). Message ids depend on it: use the same"
                    + " name when you import a later export of the same chat.")
    String chat;

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            defaultValue = "auto",
            description = "auto, whatsapp, telegram or jsonl (default: ${DEFAULT-VALUE}, detected from the file).")
    String format;

    @Option(
            names = "--date-order",
            paramLabel = "ORDER",
            description = "DMY, MDY or YMD: the order of day, month and year in a WhatsApp export's dates"
                    + " (default: decided from the whole file).")
    String dateOrder;

    @Option(
            names = "--tz",
            paramLabel = "ZONE",
            description = "Time zone of the export's local times, such as Europe/Berlin (default: none; times stay"
                    + " as exported). Telegram's Unix times are converted into it, else into UTC.")
    String zone;

    @Option(names = "--dry-run", description = "Parse and report only: store nothing (needs no vault).")
    boolean dryRun;

    @Option(
            names = "--no-wait",
            description = "Queue the jobs and return; 'pvault worker --until-idle' embeds them later.")
    boolean noWait;

    @Mixin
    WorkerOptions workers;

    @Mixin
    CommonOptions common;

    @Mixin
    PassphraseOptions passphrase;

    @Override
    public Integer call() {
        ImportOptions options = options();
        // Every file passes its first pass before any is read: one bad file stops the import with nothing done.
        List<PreparedImport> prepared = new ArrayList<>(files.size());
        for (Path file : files) {
            prepared.add(ChatImporter.prepare(file, options));
        }
        if (!dryRun) {
            return store(prepared);
        }
        List<ImportReport> reports = new ArrayList<>(prepared.size());
        // Ids need a key; a dry run shows none, so a throwaway key keeps the path the real import takes.
        try (MessageIdKey throwaway = MessageIdKey.generate()) {
            for (PreparedImport one : prepared) {
                reports.add(one.read(new MessageIdAssigner(throwaway), message -> {}));
            }
        }
        ImportOutput output = new ImportOutput(reports, true);
        if (common.json()) {
            output.printJson(spec.commandLine().getOut());
        } else {
            output.printText(spec.commandLine().getOut());
        }
        return Main.EXIT_OK;
    }

    /**
     * The real import, in local mode: seal the new messages into batches, upload and queue them, and (unless
     * --no-wait) run the function instances until every job is done, showing the progress.
     */
    private int store(List<PreparedImport> prepared) {
        OpenVault.Need[] needs = noWait
                ? new OpenVault.Need[] {OpenVault.Need.STORE, OpenVault.Need.BLOBS, OpenVault.Need.QUEUES}
                : OpenVault.Need.values();
        try (VaultSession session = VaultSession.open(common, needs);
                UserKeys keys = session.unlock(passphrase)) {
            return store(session.vault(), keys, prepared);
        }
    }

    private int store(OpenVault vault, UserKeys keys, List<PreparedImport> prepared) {
        LocalImport.Outcome outcome =
                LocalImport.run(vault, keys, prepared, noWait ? null : workers.settings(), common.json());
        ImportSummary summary = outcome.summary();
        VaultStatus.Counts counts = outcome.counts();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("import_id", summary.importId().toString());
        fields.put("new", summary.newMessages());
        fields.put("already_present", summary.alreadyPresent());
        fields.put("jobs", summary.jobs());
        fields.put("resent", summary.resent());
        fields.put("waited", outcome.waited());
        fields.put("status", Output.statusFields(counts));
        fields.put("seconds", Math.round(outcome.seconds() * 1000) / 1000.0);
        ImportOutput output = new ImportOutput(summary.reports(), false, fields);
        PrintWriter out = spec.commandLine().getOut();
        if (common.json()) {
            output.printJson(out);
            return Main.EXIT_OK;
        }
        output.printText(out);
        out.printf(
                "%,d new messages sealed in %,d jobs, %,d already in the vault%s.%n",
                summary.newMessages(),
                summary.jobs(),
                summary.alreadyPresent(),
                summary.resent() > 0 ? "; " + summary.resent() + " interrupted jobs sent again" : "");
        out.println(
                noWait
                        ? "Queued; 'pvault worker --until-idle' embeds them, 'pvault status' shows progress."
                        : String.format(
                                "Done in %.1f s: %,d embedded or present, %,d failed, %,d dead, %,d still queued.",
                                outcome.seconds(),
                                counts.done(),
                                counts.failed(),
                                counts.dead(),
                                counts.queued() + counts.running()));
        return Main.EXIT_OK;
    }

    private ImportOptions options() {
        ExportFormat exportFormat = null;
        if (!format.equalsIgnoreCase("auto")) {
            exportFormat = ExportFormat.fromId(format);
            if (exportFormat == null) {
                throw new ParameterException(
                        spec.commandLine(), "--format must be auto, whatsapp, telegram or jsonl, not '" + format + "'");
            }
        }
        DateOrder order = null;
        if (dateOrder != null) {
            try {
                order = DateOrder.valueOf(dateOrder.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(
                        spec.commandLine(), "--date-order must be DMY, MDY or YMD, not '" + dateOrder + "'");
            }
        }
        ZoneId zoneId = null;
        if (zone != null) {
            try {
                zoneId = ZoneId.of(zone);
            } catch (DateTimeException e) {
                throw new ParameterException(
                        spec.commandLine(), "--tz: unknown time zone '" + zone + "' (try Europe/Berlin or UTC)");
            }
        }
        return new ImportOptions(exportFormat, order, zoneId, chat);
    }
}
