package dev.pvault.client.importer;

import dev.pvault.core.UserException;

/**
 * An export the importers refuse as a whole: not a chat export, invalid JSON, the wrong schema. Nothing of
 * such a file is imported. The message names the file, the line where known, and the reason; never content.
 */
public final class ExportRejectedException extends UserException {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final long line;

    ExportRejectedException(String file, long line, String reason) {
        super(file + ": " + (line > 0 ? "line " + line + ": " : "") + reason);
        this.file = file;
        this.line = line;
    }

    /** The file name (no folders) of the rejected export. */
    public String file() {
        return file;
    }

    /** The 1-based line the problem was found on, or 0 where it concerns the whole file. */
    public long line() {
        return line;
    }
}
