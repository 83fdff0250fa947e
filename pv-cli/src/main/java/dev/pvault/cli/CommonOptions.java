package dev.pvault.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options every command takes: where the vault lives, and whether to print JSON. */
public final class CommonOptions {
    static final String HOME_ENV = "PV_HOME";

    @Option(
            names = "--home",
            paramLabel = "DIR",
            description = "The vault's home folder (default: $PV_HOME, else ~/.pvault).")
    Path home;

    @Option(names = "--json", description = "Print one JSON document on stdout instead of text for people.")
    boolean json;

    /** The home folder this command works on. */
    public Path home() {
        if (home != null) {
            return home.toAbsolutePath().normalize();
        }
        String fromEnv = System.getenv(HOME_ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv).toAbsolutePath().normalize();
        }
        return Path.of(System.getProperty("user.home"), ".pvault");
    }

    /** Whether {@code --home} was given (else {@link #home()} is $PV_HOME's or the default). */
    public boolean homeGiven() {
        return home != null;
    }

    public boolean json() {
        return json;
    }
}
