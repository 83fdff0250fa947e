package dev.pvault.cli;

import java.util.Arrays;
import java.util.Objects;

/**
 * A passphrase in hand, wiped when closed: every command holds it in a try-with-resources block, so it is
 * zeroed however the command ends (best effort on a JVM: the console and the environment keep copies of
 * their own). Never printed.
 */
final class Passphrase implements AutoCloseable {
    private final char[] chars;

    Passphrase(char[] chars) {
        this.chars = Objects.requireNonNull(chars, "chars");
    }

    /** The characters, for a call that reads them at once; the array is wiped on {@link #close()}. */
    char[] chars() {
        return chars;
    }

    int length() {
        return chars.length;
    }

    @Override
    public void close() {
        Arrays.fill(chars, '\0');
    }

    @Override
    public String toString() {
        return "Passphrase[redacted]";
    }
}
