package dev.pvault.core.crypto;

import dev.pvault.core.model.UserId;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Locale;

/**
 * Measures what a command pays to unlock the key file in a cold JVM: seals a throwaway key file with the
 * given Argon2id costs, then opens it in {@code runs} fresh JVMs, one after the other, and prints per run the
 * whole process time and the time {@link UserKeyFile#open} took inside it. Not a test: it prints what it
 * measured (split into loading the native library, which a command can do while the passphrase is typed,
 * and {@link UserKeyFile#open} after it), and per run the same derivation in BouncyCastle's pure Java after it (its JIT then slightly
 * warmed by nothing of its own: Argon2id ran natively), for a ratio measured under the same load. Run:
 *
 * <pre>
 * ./mvnw -q -pl pv-core test-compile exec:exec -Dexec.executable=$JAVA_HOME/bin/java -Dexec.classpathScope=test \
 *     -Dexec.args="-cp %classpath dev.pvault.core.crypto.UnlockBench 5"
 * </pre>
 *
 * The passphrase reaches each child on its standard input, never its command line or environment.
 */
public final class UnlockBench {
    private static final String PASSPHRASE = "unlock bench: a throwaway passphrase for a throwaway key";

    private UnlockBench() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("child")) {
            child(Path.of(args[1]));
            return;
        }
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Argon2Settings costs = args.length > 3
                ? new Argon2Settings(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]))
                : Argon2Settings.DEFAULT;
        Path dir = Files.createTempDirectory(
                "pv-unlock-bench", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path file = dir.resolve("user-key.json");
        try (UserKeys keys = UserKeys.generate(UserId.random())) {
            Files.writeString(file, UserKeyFile.seal(keys, PASSPHRASE.toCharArray(), costs));
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        System.out.printf(
                Locale.ROOT,
                "{\"memoryKiB\":%d,\"iterations\":%d,\"parallelism\":%d,\"native\":%b,\"cores\":%d}%n",
                costs.memoryKiB(),
                costs.iterations(),
                costs.parallelism(),
                Argon2id.nativeAvailable(),
                Runtime.getRuntime().availableProcessors());
        try {
            for (int run = 1; run <= runs; run++) {
                long start = System.nanoTime();
                Process process = new ProcessBuilder(
                                java,
                                "--enable-native-access=ALL-UNNAMED",
                                "-cp",
                                System.getProperty("java.class.path"),
                                UnlockBench.class.getName(),
                                "child",
                                file.toString())
                        .redirectError(ProcessBuilder.Redirect.DISCARD)
                        .start();
                try (OutputStream in = process.getOutputStream()) {
                    in.write(PASSPHRASE.getBytes(StandardCharsets.UTF_8));
                }
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                int exit = process.waitFor();
                long processMillis = (System.nanoTime() - start) / 1_000_000;
                System.out.printf(
                        Locale.ROOT,
                        "{\"run\":%d,\"processMs\":%d,\"exit\":%d,\"child\":%s}%n",
                        run,
                        processMillis,
                        exit,
                        output.startsWith("{") ? output : "\"" + output.replace("\"", "'") + "\"");
            }
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }

    private static void child(Path file) throws IOException {
        String json = Files.readString(file);
        byte[] typed = System.in.readAllBytes();
        char[] passphrase =
                StandardCharsets.UTF_8.decode(java.nio.ByteBuffer.wrap(typed)).array();
        Arrays.fill(typed, (byte) 0);
        // What a command can overlap with reading the passphrase: loading the native library.
        long preloadStart = System.nanoTime();
        UserKeyFile.preload();
        long preloadMillis = (System.nanoTime() - preloadStart) / 1_000_000;
        long start = System.nanoTime();
        try (UserKeys keys = UserKeyFile.open(json, passphrase)) {
            long unlockMillis = (System.nanoTime() - start) / 1_000_000;
            // The derivation alone, once more, now that the classes are loaded: what the KDF itself costs.
            long deriveStart = System.nanoTime();
            Arrays.fill(
                    Argon2id.derive(new byte[] {1}, new byte[UserKeyFile.SALT_LENGTH], UserKeyFile.costs(json)),
                    (byte) 0);
            long deriveMillis = (System.nanoTime() - deriveStart) / 1_000_000;
            // The same derivation in BouncyCastle's pure Java, in the same cold JVM, for the ratio.
            byte[] salt = new byte[UserKeyFile.SALT_LENGTH];
            long javaStart = System.nanoTime();
            Arrays.fill(Argon2id.javaDerive(new byte[] {1}, salt, UserKeyFile.costs(json)), (byte) 0);
            long javaMillis = (System.nanoTime() - javaStart) / 1_000_000;
            System.out.printf(
                    Locale.ROOT,
                    "{\"preloadMs\":%d,\"unlockMs\":%d,\"native\":%b,\"secondDeriveMs\":%d,\"bouncyCastleDeriveMs\":%d}%n",
                    preloadMillis,
                    unlockMillis,
                    Argon2id.nativeAvailable(),
                    deriveMillis,
                    javaMillis);
        } finally {
            Arrays.fill(passphrase, '\0');
        }
    }
}
