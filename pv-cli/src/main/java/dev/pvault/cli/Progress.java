package dev.pvault.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows how an import's embedding goes, on stderr (stdout is for the result): a bar with the rate and the
 * time left on a terminal, a line every few seconds otherwise (logs, CI, pipes).
 */
final class Progress implements AutoCloseable {
    private static final Duration LINE_EVERY = Duration.ofSeconds(5);

    private final PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
    private final ProgressBar bar;
    private final long startNanos = System.nanoTime();
    private long lastLineNanos = System.nanoTime();
    private long max;
    private long done;

    private Progress(ProgressBar bar) {
        this.bar = bar;
    }

    /** A bar when stderr is a terminal, else lines; nothing at all when {@code quiet}. */
    static Progress start(String task, boolean quiet) {
        if (quiet || System.console() == null) {
            return new Progress(null);
        }
        return new Progress(new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(0)
                .setStyle(ProgressBarStyle.ASCII)
                .setConsumer(new ConsoleProgressBarConsumer(System.err))
                .setUnit(" msg", 1)
                .showSpeed()
                .setUpdateIntervalMillis(250)
                .build());
    }

    /** More work became known (a batch was sealed and queued). */
    synchronized void addWork(long messages) {
        max += messages;
        if (bar != null) {
            bar.maxHint(max);
        }
    }

    /** {@code messages} of the known work are done. */
    synchronized void doneTo(long messages, boolean quiet) {
        done = messages;
        if (bar != null) {
            bar.stepTo(messages);
        } else if (!quiet && System.nanoTime() - lastLineNanos > LINE_EVERY.toNanos()) {
            lastLineNanos = System.nanoTime();
            double seconds = (lastLineNanos - startNanos) / 1e9;
            err.printf("embedded %,d of %,d messages (%.0f messages/s)%n", done, max, done / Math.max(seconds, 1e-3));
        }
    }

    @Override
    public synchronized void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
