package dev.pvault.client.index;

import dev.pvault.core.UserException;
import java.util.Locale;

/** Which rankings a search uses: both fused (the default), the vector ranking alone, or BM25 alone. */
public enum SearchMode {
    HYBRID,
    VECTOR,
    KEYWORD;

    /** Parses {@code hybrid}, {@code vector} or {@code keyword} (any case), as {@code --mode} takes them. */
    public static SearchMode parse(String text) {
        for (SearchMode mode : values()) {
            if (mode.name().equalsIgnoreCase(text.strip())) {
                return mode;
            }
        }
        throw new UserException("--mode is hybrid, vector or keyword, got \"" + text + "\"");
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
