package dev.pvault.local;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.pvault.aws.EmbedFunction;
import dev.pvault.aws.TestContext;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;

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
        SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
        record.setMessageId("cold-start-probe");
        record.setReceiptHandle("receipt");
        record.setBody(body);
        record.setAttributes(Map.of("ApproximateReceiveCount", "1"));
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(record));
        List<SQSBatchResponse.BatchItemFailure> failed = function.handleRequest(
                        event, new TestContext(Duration.ofMinutes(2), InstantSource.system()))
                .getBatchItemFailures();
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
