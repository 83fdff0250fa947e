package dev.pvault.core.worker;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** What a piece of code logs, for tests that prove no content reaches a log. */
public final class TestLogs {
    private TestLogs() {}

    /**
     * Runs {@code action} with stderr captured (where slf4j-simple writes) and returns what was written; it is
     * echoed to the real stderr as well, so test output stays readable.
     */
    public static String stderrOf(Runnable action) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        String text = captured.toString(StandardCharsets.UTF_8);
        original.print(text);
        return text;
    }
}
