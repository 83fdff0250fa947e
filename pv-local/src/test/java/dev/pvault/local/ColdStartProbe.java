package dev.pvault.local;

import dev.pvault.aws.EmbedFunction;
import dev.pvault.aws.FunctionBatchHandler;
import dev.pvault.core.worker.QueuedJob;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Run in a fresh JVM by ColdStartIT, as Lambda would run the function: construct {@link EmbedFunction}
 * with its no-argument constructor (configuration from the environment), then hand it one SQS record.
 * Prints one line: {@code COLDSTART {json}}.
 */
public final class ColdStartProbe {
    private ColdStartProbe() {}

    public static void main(String[] args) throws Exception {
        String body = Files.readString(Path.of(args[0]));
        long jvmUptime = ManagementFactory.getRuntimeMXBean().getUptime();
        long start = System.nanoTime();
        EmbedFunction function = new EmbedFunction();
        long constructed = System.nanoTime();
        FunctionBatchHandler handler = new FunctionBatchHandler(
                function, "arn:aws:sqs:us-east-1:000000000000:pvault-jobs", "us-east-1", InstantSource.system());
        Set<String> failed = handler.handle(
                List.of(new QueuedJob("cold-start-probe", "receipt", body, 1, Optional.empty())),
                Instant.now().plusSeconds(120));
        long invoked = System.nanoTime();
        System.out.printf(
                "COLDSTART {\"jvmUptimeBeforeConstructMs\":%d,\"constructMs\":%d,\"firstInvocationMs\":%d,"
                        + "\"constructToFirstVectorMs\":%d,\"rssMiB\":%d,\"failed\":%d}%n",
                jvmUptime,
                (constructed - start) / 1_000_000,
                (invoked - constructed) / 1_000_000,
                (invoked - start) / 1_000_000,
                residentMiB(),
                failed.size());
        System.out.flush();
        System.exit(failed.isEmpty() ? 0 : 3);
    }

    /** The process's resident memory (Linux), what Lambda's memory setting has to hold. */
    private static long residentMiB() throws java.io.IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        return -1;
    }
}
