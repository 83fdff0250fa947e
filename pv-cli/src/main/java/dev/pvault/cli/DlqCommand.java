package dev.pvault.cli;

import dev.pvault.core.api.DeadJob;
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

/** {@code pvault dlq list|redrive}: the jobs that failed for good. */
@Command(
        name = "dlq",
        mixinStandardHelpOptions = true,
        description = {
            "The dead-letter queue: jobs the worker could not process after the queue's maximum number of"
                    + " receives (5). 'list' shows them with the reason the worker recorded (ids, sizes and error"
                    + " kinds, never content); 'redrive' queues them again, once the cause is fixed.",
        },
        subcommands = {DlqCommand.ListDead.class, DlqCommand.Redrive.class})
final class DlqCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the dead jobs and why they failed.")
    static final class ListDead implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        CommonOptions common;

        @Override
        public Integer call() {
            List<DeadJob> dead;
            try (VaultSession session = VaultSession.open(common, OpenVault.Need.STORE, OpenVault.Need.QUEUES)) {
                dead = session.vault().client().deadJobs();
            }
            if (common.json()) {
                List<Map<String, Object>> jobs = new ArrayList<>();
                for (DeadJob job : dead) {
                    Map<String, Object> fields = new LinkedHashMap<>();
                    fields.put("message_id", job.messageId());
                    fields.put("job_id", job.jobId().map(Object::toString).orElse(null));
                    fields.put("messages", job.messages());
                    fields.put("receives", job.receives());
                    fields.put("reason", job.reason().orElse(null));
                    jobs.add(fields);
                }
                new Output(common).json(Map.of("dead", jobs));
                return Main.EXIT_OK;
            }
            PrintWriter out = spec.commandLine().getOut();
            if (dead.isEmpty()) {
                out.println("The dead-letter queue is empty.");
            }
            for (DeadJob job : dead) {
                out.printf(
                        "job %s: %d messages, received %d times: %s%n",
                        job.jobId().map(Object::toString).orElse("(unreadable message " + job.messageId() + ")"),
                        job.messages(),
                        job.receives(),
                        job.reason().orElse("no reason recorded"));
            }
            return Main.EXIT_OK;
        }
    }

    @Command(
            name = "redrive",
            mixinStandardHelpOptions = true,
            description = "Queue every dead job of this vault again.")
    static final class Redrive implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        CommonOptions common;

        @Override
        public Integer call() {
            int moved;
            try (VaultSession session = VaultSession.open(common, OpenVault.Need.STORE, OpenVault.Need.QUEUES)) {
                moved = session.vault().client().redrive();
            }
            if (common.json()) {
                new Output(common).json(Map.of("redriven", moved));
            } else {
                spec.commandLine()
                        .getOut()
                        .println(
                                moved == 0
                                        ? "Nothing to redrive."
                                        : moved + " jobs queued again; 'pvault worker --until-idle' processes them.");
            }
            return Main.EXIT_OK;
        }
    }
}
