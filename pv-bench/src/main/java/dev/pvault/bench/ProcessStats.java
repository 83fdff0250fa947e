package dev.pvault.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Facts about this process that benchmarks report: its age and its peak resident memory. */
public final class ProcessStats {
    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path STAT = Path.of("/proc/self/stat");
    private static final Path UPTIME = Path.of("/proc/uptime");
    /** Linux reports process start times in clock ticks of 1/100 s on every platform it runs on. */
    private static final double TICKS_PER_SECOND = 100.0;

    private ProcessStats() {}

    /**
     * Milliseconds since the process started, to within 10 ms on Linux (from {@code /proc}); elsewhere since the
     * JVM started, which misses the few milliseconds before it.
     */
    public static long ageMillis() {
        try {
            String stat = Files.readString(STAT, StandardCharsets.US_ASCII);
            // Field 22 (starttime) counts from the end of the command name, which may hold spaces.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            double startSeconds = Long.parseLong(fields[19]) / TICKS_PER_SECOND;
            String uptime = Files.readString(UPTIME, StandardCharsets.US_ASCII);
            double nowSeconds = Double.parseDouble(uptime.substring(0, uptime.indexOf(' ')));
            return Math.round((nowSeconds - startSeconds) * 1000);
        } catch (IOException | RuntimeException e) {
            return ManagementFactory.getRuntimeMXBean().getUptime();
        }
    }

    /**
     * CPU time the calling thread has used, in milliseconds; on the main thread this includes the JVM's own start.
     * Unlike wall time it barely moves when other processes compete for the cores.
     */
    public static long threadCpuMillis() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        return threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadCpuTime() / 1_000_000 : -1;
    }

    /** The peak resident set size of this process in MiB ({@code VmHWM}), or -1 where the OS does not say. */
    public static long peakRssMiB() {
        try {
            for (String line : Files.readAllLines(STATUS, StandardCharsets.US_ASCII)) {
                if (line.startsWith("VmHWM:")) {
                    long kib = Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
                    return Math.round(kib / 1024.0);
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux: say so with -1 rather than guess.
        }
        return -1;
    }
}
