package dev.pvault.client.importer;

import dev.pvault.core.UserException;
import dev.pvault.core.VaultException;
import dev.pvault.core.crypto.MessageIdAssigner;
import dev.pvault.core.model.ChatMessage;
import java.io.IOException;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * An export that passed the first pass: its format is known, a WhatsApp file's date order is decided, and a
 * JSON file's schema has been checked from end to end. {@link #read} hands its messages on.
 *
 * <p>Immutable; {@link #read} may be called more than once (each call reads the file again).
 */
public final class PreparedImport {
    /** The second pass of one format. */
    @FunctionalInterface
    interface SecondPass {
        void run(ReportBuilder out) throws IOException;
    }

    private final ExportSource source;
    private final String stamp;
    private final ImportOptions options;
    private final ExportFormat format;
    private final DateOrderVote.Decision dateOrder;
    private final SecondPass secondPass;

    PreparedImport(
            ExportSource source,
            String stamp,
            ImportOptions options,
            ExportFormat format,
            DateOrderVote.Decision dateOrder,
            SecondPass secondPass) {
        this.source = source;
        this.stamp = stamp;
        this.options = options;
        this.format = format;
        this.dateOrder = dateOrder;
        this.secondPass = secondPass;
    }

    /** The file name, without folders. */
    public String fileName() {
        return source.name();
    }

    public ExportFormat format() {
        return format;
    }

    /** The date order a WhatsApp export is read in; {@code null} for other formats. */
    public DateOrder dateOrder() {
        return dateOrder == null ? null : dateOrder.order();
    }

    /** Why that date order, for people; {@code null} for other formats. */
    public String dateOrderBasis() {
        return dateOrder == null ? null : dateOrder.basis();
    }

    /**
     * Reads the export and hands every message to {@code sink}, in file order, with its id from {@code ids}.
     * System lines and skipped entries are only counted. Memory does not grow with the file.
     *
     * @param ids gives the ids; use one assigner per import (positions count within a timestamp)
     * @param sink receives each message; an exception from it ends the read and propagates
     * @return the counts of this read
     * @throws VaultException when the file cannot be read or changed since {@link ChatImporter#prepare}
     */
    public ImportReport read(MessageIdAssigner ids, Consumer<? super ChatMessage> sink) {
        Objects.requireNonNull(ids, "ids");
        Objects.requireNonNull(sink, "sink");
        if (!source.stamp().equals(stamp)) {
            throw new UserException(fileName() + ": the file changed since it was checked; run the import again");
        }
        ReportBuilder out = new ReportBuilder(ids, sink, options.zone());
        if (options.dateOrder() != null && format != ExportFormat.WHATSAPP) {
            out.warn("--date-order applies to WhatsApp exports only; ignored");
        }
        try {
            secondPass.run(out);
        } catch (IOException e) {
            throw new UserException(
                    fileName() + ": cannot read: " + e.getClass().getSimpleName(), e);
        }
        return out.build(fileName(), format, dateOrder(), dateOrderBasis());
    }

    @Override
    public String toString() {
        return "PreparedImport[file=" + fileName() + ", format=" + format.id() + ", dateOrder=" + dateOrder() + "]";
    }
}
