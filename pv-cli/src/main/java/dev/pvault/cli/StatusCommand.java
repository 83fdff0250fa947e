package dev.pvault.cli;

import dev.pvault.client.VaultStatus;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code pvault status}: message counts by state, per import and in total. */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = {
            "Show where every imported message stands: queued, running, done (embedded, already present or"
                    + " skipped as media), failed (poison, on its way to the dead-letter queue) or dead (in the"
                    + " dead-letter queue: see 'pvault dlq'). The counts always add up to what was imported.",
            "",
            "Needs no passphrase: it reads counts, never content."
        })
final class StatusCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        VaultStatus status;
        try (VaultSession session = VaultSession.open(common, OpenVault.Need.STORE, OpenVault.Need.QUEUES)) {
            status = session.vault().client().status();
        }
        PrintWriter out = spec.commandLine().getOut();
        if (common.json()) {
            Map<String, Object> json = new LinkedHashMap<>(Output.statusFields(status.total()));
            List<Map<String, Object>> imports = new ArrayList<>();
            for (VaultStatus.ImportCounts one : status.imports()) {
                Map<String, Object> fields = new LinkedHashMap<>();
                fields.put(
                        "import_id",
                        one.importId() == null ? null : one.importId().toString());
                fields.put(
                        "started", one.started() == null ? null : one.started().toString());
                fields.putAll(Output.statusFields(one.counts()));
                imports.add(fields);
            }
            json.put("imports", imports);
            new Output(common).json(json);
            return Main.EXIT_OK;
        }
        out.printf(
                "%-38s %-21s %9s %9s %9s %9s %9s %9s%n",
                "import", "started", "imported", "queued", "running", "done", "failed", "dead");
        for (VaultStatus.ImportCounts one : status.imports()) {
            row(
                    out,
                    one.importId() == null
                            ? "(not from this device)"
                            : one.importId().toString(),
                    one.started() == null
                            ? ""
                            : one.started().toString().substring(0, 19).replace('T', ' '),
                    one.counts());
        }
        row(out, "total", "", status.total());
        if (status.total().dead() > 0) {
            out.println("Dead jobs: 'pvault dlq list' says why, 'pvault dlq redrive' retries them.");
        }
        return Main.EXIT_OK;
    }

    private static void row(PrintWriter out, String name, String started, VaultStatus.Counts c) {
        out.printf(
                "%-38s %-21s %,9d %,9d %,9d %,9d %,9d %,9d%n",
                name, started, c.imported(), c.queued(), c.running(), c.done(), c.failed(), c.dead());
    }
}
