package dev.pvault.cli;

import dev.pvault.core.UserException;
import java.io.Console;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import picocli.CommandLine.Option;

/**
 * Where a command gets the passphrase: {@code --passphrase-file}, else {@code $PV_PASSPHRASE}, else a
 * prompt on the terminal. Never from a command-line argument: those show up in {@code ps} and shell history.
 */
public final class PassphraseOptions {
    static final String ENV = "PV_PASSPHRASE";
    static final int MINIMUM_LENGTH = 8;

    @Option(
            names = "--passphrase-file",
            paramLabel = "FILE",
            description = "Read the passphrase from the first line of FILE (else $PV_PASSPHRASE, else a prompt).")
    Path passphraseFile;

    /** The passphrase of an existing vault; the caller closes it (which wipes it). */
    Passphrase read() {
        return new Passphrase(obtain(false));
    }

    /** A new passphrase: asked twice on a terminal, and at least {@value #MINIMUM_LENGTH} characters. */
    Passphrase readNew() {
        Passphrase passphrase = new Passphrase(obtain(true));
        if (passphrase.length() < MINIMUM_LENGTH) {
            passphrase.close();
            throw new UserException("the passphrase must have at least " + MINIMUM_LENGTH + " characters");
        }
        return passphrase;
    }

    private char[] obtain(boolean confirm) {
        if (passphraseFile != null) {
            return fromFile(passphraseFile);
        }
        String fromEnv = System.getenv(ENV);
        if (fromEnv != null && !fromEnv.isEmpty()) {
            return fromEnv.toCharArray();
        }
        Console console = System.console();
        if (console == null) {
            throw new UserException(
                    "no passphrase: set " + ENV + ", pass --passphrase-file FILE, or run in a terminal");
        }
        char[] first = console.readPassword(confirm ? "New vault passphrase: " : "Vault passphrase: ");
        if (first == null || first.length == 0) {
            throw new UserException("no passphrase entered");
        }
        if (confirm) {
            char[] second = console.readPassword("Repeat the passphrase: ");
            boolean same = Arrays.equals(first, second);
            if (second != null) {
                Arrays.fill(second, '\0');
            }
            if (!same) {
                Arrays.fill(first, '\0');
                throw new UserException("the two passphrases differ; nothing was created");
            }
        }
        return first;
    }

    private static char[] fromFile(Path file) {
        try {
            String content = Files.readString(file, StandardCharsets.UTF_8);
            int end = content.indexOf('\n');
            String line = end < 0 ? content : content.substring(0, end);
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            if (line.isEmpty()) {
                throw new UserException("the passphrase file " + file + " is empty");
            }
            return line.toCharArray();
        } catch (IOException e) {
            throw new UserException("cannot read the passphrase file " + file + " ("
                    + e.getClass().getSimpleName() + ")");
        }
    }
}
