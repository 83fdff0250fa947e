package dev.pvault.core.crypto;

import de.mkammerer.argon2.Argon2Advanced;
import de.mkammerer.argon2.Argon2Factory;
import de.mkammerer.argon2.Argon2Version;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/*
 * Why native code for one KDF.
 *
 * Every pvault command unlocks the key file once, in a fresh JVM. At the key file's cost (64 MiB, 3 passes,
 * 4 lanes: Bitwarden's default) BouncyCastle's pure-Java Argon2id took 2.5 to 5.8 s in a cold JVM here
 * (mostly before the JIT compiles its inner loop) against about 0.6 s for the reference C implementation
 * (phc-winner-argon2, bundled by argon2-jvm for Linux, macOS and Windows and loaded with JNA from the jar,
 * with one thread per lane). Where the native library cannot load (another platform or libc), BouncyCastle
 * computes the same bytes, slower; a test checks that both agree.
 */
/** Argon2id, version 0x13 (RFC 9106): the reference C library where it loads, else BouncyCastle. */
final class Argon2id {
    private static final Logger log = LoggerFactory.getLogger(Argon2id.class);

    private Argon2id() {}

    /** Loaded on first use; {@code null} when the native library is not available here. */
    private static final class Native {
        static final Argon2Advanced ARGON2 = load();

        private static Argon2Advanced load() {
            try {
                Argon2Advanced argon2 = Argon2Factory.createAdvanced(Argon2Factory.Argon2Types.ARGON2id);
                argon2.rawHashAdvanced(1, 8, 1, new byte[1], new byte[8], null, null, 4, Argon2Version.V13);
                return argon2;
            } catch (LinkageError | RuntimeException e) {
                log.info(
                        "native Argon2id is not available ({}); using BouncyCastle's, which is slower",
                        e.getClass().getSimpleName());
                return null;
            }
        }
    }

    /** Whether the native library is in use. */
    static boolean nativeAvailable() {
        return Native.ARGON2 != null;
    }

    /** The 32-byte Argon2id of {@code password}; the caller zeroes both. */
    static byte[] derive(byte[] password, byte[] salt, Argon2Settings settings) {
        return nativeAvailable() ? nativeDerive(password, salt, settings) : javaDerive(password, salt, settings);
    }

    static byte[] nativeDerive(byte[] password, byte[] salt, Argon2Settings settings) {
        return Native.ARGON2.rawHashAdvanced(
                settings.iterations(),
                settings.memoryKiB(),
                settings.parallelism(),
                password,
                salt,
                null,
                null,
                DataKey.LENGTH,
                Argon2Version.V13);
    }

    static byte[] javaDerive(byte[] password, byte[] salt, Argon2Settings settings) {
        byte[] derived = new byte[DataKey.LENGTH];
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(settings.memoryKiB())
                .withIterations(settings.iterations())
                .withParallelism(settings.parallelism())
                .withSalt(salt)
                .build());
        generator.generateBytes(password, derived);
        return derived;
    }
}
