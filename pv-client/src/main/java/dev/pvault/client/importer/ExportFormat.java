package dev.pvault.client.importer;

import java.util.Locale;

/** The export formats the importers read. */
public enum ExportFormat {
    /** WhatsApp "Export chat" text file (Android or iOS, any locale the importer knows). */
    WHATSAPP,
    /** Telegram Desktop JSON export ({@code result.json}): one chat, or a full export with {@code chats.list}. */
    TELEGRAM,
    /** One JSON object per line: {@code {"chat","sender","time","text"}} (docs/IMPORT-FORMATS.md). */
    JSONL;

    /** The lowercase name used on the command line and in JSON output. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@link #id()}; {@code null} for an unknown name. */
    public static ExportFormat fromId(String id) {
        for (ExportFormat format : values()) {
            if (format.id().equalsIgnoreCase(id)) {
                return format;
            }
        }
        return null;
    }
}
