package dev.pvault.client.importer;

import java.time.ZoneId;

/**
 * How to read an export. Every field may be {@code null}, meaning "decide from the file".
 *
 * @param format the export format; {@code null} detects it from the file's first bytes
 * @param dateOrder the date order of a WhatsApp export; {@code null} decides it from the whole file
 * @param zone pins the zone of the export's local times (and converts Telegram's Unix times into it);
 *     {@code null} keeps times as exported, zone unknown
 * @param chat the chat name for every message of the export; {@code null} takes it from the export (Telegram
 *     chat name, JSONL {@code chat} field) or from the file name (WhatsApp)
 */
public record ImportOptions(ExportFormat format, DateOrder dateOrder, ZoneId zone, String chat) {

    public ImportOptions {
        if (chat != null && chat.isBlank()) {
            chat = null;
        }
    }

    /** Detect everything from the file. */
    public static ImportOptions defaults() {
        return new ImportOptions(null, null, null, null);
    }

    public ImportOptions withFormat(ExportFormat newFormat) {
        return new ImportOptions(newFormat, dateOrder, zone, chat);
    }

    public ImportOptions withDateOrder(DateOrder newDateOrder) {
        return new ImportOptions(format, newDateOrder, zone, chat);
    }

    public ImportOptions withZone(ZoneId newZone) {
        return new ImportOptions(format, dateOrder, newZone, chat);
    }

    public ImportOptions withChat(String newChat) {
        return new ImportOptions(format, dateOrder, zone, newChat);
    }

    /** The chat name is the user's data: not shown. */
    @Override
    public String toString() {
        return "ImportOptions[format=" + (format == null ? "auto" : format.id()) + ", dateOrder="
                + (dateOrder == null ? "auto" : dateOrder) + ", zone=" + zone + ", chat="
                + (chat == null ? "from export" : "<given>") + "]";
    }
}
