package dev.pvault.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.NoSuchAlgorithmException;
import java.security.NoSuchProviderException;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.SecureRandomSpi;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Test instrumentation for the function's process (LambdaSnapStartIT): a security provider, put first in
 * the process's provider list, whose {@code SecureRandom} (the one {@code new SecureRandom()}, Tink and
 * {@code UUID.randomUUID()} and the JDK's TLS get) appends a line to the file named by {@value #LOG_PROPERTY}
 * each time one is made and each time one is seeded or read: {@code EVENT ID on THREAD: FRAMES}. The bytes
 * come from the generator it displaces, the JDK's default on Linux, NativePRNG (which mixes fresh
 * {@code /dev/urandom} bytes into every output). Loaded by the system class loader, from a folder that holds
 * only this class.
 */
public final class RecordingRandomProvider extends Provider {
    static final String LOG_PROPERTY = "pv.test.securerandom.log";

    public RecordingRandomProvider() {
        super("PvRecordingRandom", "1.0", "records every SecureRandom made and used");
        putService(new Service(
                this, "SecureRandom", "RecordedDRBG", Spi.class.getName(), null, Map.of("ThreadSafe", "true")));
    }

    private static final AtomicInteger INSTANCES = new AtomicInteger();

    /** The recording generator. */
    public static final class Spi extends SecureRandomSpi {
        private final int id = INSTANCES.incrementAndGet();
        private final SecureRandom delegate;

        public Spi() {
            record("made", id);
            try {
                delegate = SecureRandom.getInstance("NativePRNG", "SUN");
            } catch (NoSuchAlgorithmException | NoSuchProviderException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        protected void engineSetSeed(byte[] seed) {
            record("seeded", id);
            delegate.setSeed(seed);
        }

        @Override
        protected void engineNextBytes(byte[] bytes) {
            record("read", id);
            delegate.nextBytes(bytes);
        }

        @Override
        protected byte[] engineGenerateSeed(int count) {
            record("seed", id);
            return delegate.generateSeed(count);
        }
    }

    private static void record(String event, int id) {
        String log = System.getProperty(LOG_PROPERTY);
        if (log == null) {
            return;
        }
        String frames = StackWalker.getInstance()
                .walk(stack -> stack.skip(2)
                        .limit(12)
                        .map(StackWalker.StackFrame::toString)
                        .collect(Collectors.joining(" < ")));
        String line = event + " " + id + " on " + Thread.currentThread().getName() + ": " + frames + "\n";
        synchronized (RecordingRandomProvider.class) {
            try {
                Files.writeString(
                        Path.of(log),
                        line,
                        StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
