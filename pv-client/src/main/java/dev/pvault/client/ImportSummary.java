package dev.pvault.client;

import dev.pvault.client.importer.ImportReport;
import java.util.List;
import java.util.UUID;

/**
 * What an import did: each file's parse report, how many messages it sealed into new jobs, and how many it
 * left out because the vault already had them (or an earlier file of the same import did).
 */
public record ImportSummary(
        UUID importId, List<ImportReport> reports, long newMessages, long alreadyPresent, int jobs, int resent) {
    public ImportSummary {
        reports = List.copyOf(reports);
    }
}
