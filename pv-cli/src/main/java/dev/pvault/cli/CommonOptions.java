package dev.pvault.cli;

import dev.pvault.core.UserException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options every command takes: where the vault lives, and whether to print JSON. */
public final class CommonOptions {
    static final String HOME_ENV = "PV_HOME";
    static final String TOKEN_ENV = "PV_TOKEN";

    @Option(
            names = "--home",
            paramLabel = "DIR",
            description = "The vault's home folder (default: $PV_HOME, else ~/.pvault).")
    Path home;

    @Option(names = "--json", description = "Print one JSON document on stdout instead of text for people.")
    boolean json;

    @Option(
            names = "--token-file",
            paramLabel = "FILE",
            description = "For a vault bound to a vault service: its bearer token, on the first line of FILE"
                    + " (else $PV_TOKEN).")
    Path tokenFile;

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

    /**
     * The bearer token of a vault bound to a service: {@code --token-file}, else {@code $PV_TOKEN}. Read when
     * the service is first called, so commands on a local vault never ask for one.
     */
    public String serviceToken() {
        if (tokenFile != null) {
            try {
                String token = Files.readString(tokenFile, StandardCharsets.UTF_8)
                        .lines()
                        .findFirst()
                        .orElse("")
                        .strip();
                if (token.isEmpty()) {
                    throw new UserException("the token file " + tokenFile + " is empty");
                }
                return token;
            } catch (IOException e) {
                throw new UserException("cannot read the token file " + tokenFile + " ("
                        + e.getClass().getSimpleName() + ")");
            }
        }
        String fromEnv = System.getenv(TOKEN_ENV);
        if (fromEnv == null || fromEnv.isBlank()) {
            throw new UserException("this vault is bound to a vault service: give its bearer token in " + TOKEN_ENV
                    + " or with --token-file FILE");
        }
        return fromEnv.strip();
    }

    /** Whether {@code --home} was given (else {@link #home()} is $PV_HOME's or the default). */
    public boolean homeGiven() {
        return home != null;
    }

    public boolean json() {
        return json;
    }
}
