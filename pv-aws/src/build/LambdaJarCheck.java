import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Build check of the Lambda deployable (run by the pv-aws build after shading, as a single-file program):
 * prints its size zipped and unzipped, fails the build above Lambda's limit of 262,144,000 bytes unzipped,
 * and fails on anything local-only or any native library for another platform than linux-x64.
 *
 * <p>Usage: java LambdaJarCheck.java JAR LIMIT_BYTES
 */
public class LambdaJarCheck {
    private static final List<String> LOCAL_ONLY = List.of(
            "org/elasticmq/", "org/gaul/", "io/zonky/", "org/apache/pekko/", "org/eclipse/jetty/", "org/h2/",
            "org/jclouds/", "picocli/", "dev/pvault/local/", "dev/pvault/cli/");

    public static void main(String[] args) throws IOException {
        Path jar = Path.of(args[0]);
        long limit = Long.parseLong(args[1]);
        long unzipped = 0;
        int entries = 0;
        List<String> localOnly = new ArrayList<>();
        List<String> natives = new ArrayList<>();
        List<String> foreignNatives = new ArrayList<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            Enumeration<? extends ZipEntry> all = zip.entries();
            while (all.hasMoreElements()) {
                ZipEntry entry = all.nextElement();
                entries++;
                unzipped += Math.max(0, entry.getSize());
                String name = entry.getName();
                if (LOCAL_ONLY.stream().anyMatch(name::startsWith)) {
                    localOnly.add(name);
                }
                String lower = name.toLowerCase(Locale.ROOT);
                if (lower.endsWith(".so") || lower.contains(".so.") || lower.endsWith(".dylib")
                        || lower.endsWith(".dll") || lower.endsWith(".jnilib")) {
                    natives.add(name);
                    if (!lower.endsWith(".so") && !lower.contains(".so.")
                            || lower.matches(".*(osx|darwin|mac|win|aarch64|arm64|ppc|s390|musl).*")) {
                        foreignNatives.add(name);
                    }
                }
            }
        }
        System.out.printf(
                "Lambda jar %s: %,d bytes zipped, %,d bytes unzipped (%.1f%% of Lambda's %,d), %,d entries, %d native"
                        + " libraries %s%n",
                jar.getFileName(), Files.size(jar), unzipped, 100.0 * unzipped / limit, limit, entries, natives.size(),
                natives);
        List<String> problems = new ArrayList<>();
        if (unzipped > limit) {
            problems.add("unzipped size " + unzipped + " exceeds " + limit);
        }
        if (!localOnly.isEmpty()) {
            problems.add(localOnly.size() + " local-only entries, e.g. " + localOnly.subList(0, Math.min(5, localOnly.size())));
        }
        if (!foreignNatives.isEmpty()) {
            problems.add("native libraries for other platforms than linux-x64: " + foreignNatives);
        }
        if (!problems.isEmpty()) {
            System.err.println("Lambda jar check failed: " + String.join("; ", problems));
            System.exit(1);
        }
    }
}
