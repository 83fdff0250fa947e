package dev.pvault.bench.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the shared test data folder (chat corpus, STS-B) that sits beside a checkout: the {@code pv.shared.dir}
 * system property, else {@code $PV_SHARED_DIR}, else {@code ../shared} or {@code shared} from the working
 * directory.
 */
public final class SharedData {
    private SharedData() {}

    /** The file at {@code relative} inside the shared folder, or null if there is none. */
    public static Path find(String relative) {
        String property = System.getProperty("pv.shared.dir");
        String environment = System.getenv("PV_SHARED_DIR");
        for (String candidate : new String[] {property, environment, "../shared", "shared"}) {
            if (candidate == null || candidate.isBlank()) {
                continue;
            }
            Path file = Path.of(candidate).resolve(relative);
            if (Files.isRegularFile(file)) {
                return file.toAbsolutePath().normalize();
            }
        }
        return null;
    }
}
