package dev.pvault.client.index;

import dev.pvault.core.UserException;
import java.time.LocalDateTime;
import java.util.Locale;

/**
 * Which messages a search may return: {@code chat} and {@code sender} match case-insensitively anywhere in the name
 * (as {@code pvault search --chat/--from} do today), {@code after} is inclusive and {@code before} exclusive, both in
 * the export's local time. Null means no restriction. The index applies it inside both rankings, so a search returns
 * {@code k} hits whenever {@code k} messages match.
 */
public record IndexFilter(String chat, String sender, LocalDateTime after, LocalDateTime before) {
    public static final IndexFilter NONE = new IndexFilter(null, null, null, null);

    public IndexFilter {
        if (after != null && before != null && !after.isBefore(before)) {
            throw new UserException("--after must be before --before");
        }
        chat = lower(chat);
        sender = lower(sender);
    }

    /** Only the messages of chats whose name contains {@code chat}. */
    public static IndexFilter chat(String chat) {
        return new IndexFilter(chat, null, null, null);
    }

    boolean isNone() {
        return chat == null && sender == null && after == null && before == null;
    }

    boolean acceptsName(String wanted, String name) {
        return wanted == null || name.toLowerCase(Locale.ROOT).contains(wanted);
    }

    private static String lower(String value) {
        return value == null ? null : value.toLowerCase(Locale.ROOT);
    }

    /** Chat and sender names are the user's data: only which filters are set is shown. */
    @Override
    public String toString() {
        return "IndexFilter[chat=" + (chat != null) + ", sender=" + (sender != null) + ", after=" + after + ", before="
                + before + "]";
    }
}
