package dev.pvault.cli;

import dev.pvault.aws.CachedKeySource;
import dev.pvault.client.VaultClient;
import dev.pvault.client.VaultHome;
import dev.pvault.core.Lazy;
import dev.pvault.core.embed.Embedder;
import dev.pvault.core.embed.EmbedderProvider;
import dev.pvault.local.FunctionRunner;
import dev.pvault.local.LocalCloud;
import dev.pvault.local.LocalStack;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;

/**
 * A vault in local mode: the home and its lock, the {@link LocalStack} under {@code home/local} (the
 * loopback services and the one set of adapters the client and the function instances share), and the
 * vault's embedder, loaded once for search and the workers. Closing stops everything it started.
 *
 * <p>Public for the benchmarks (pv-bench), which measure the path {@code pvault import} takes.
 */
public final class LocalVault implements AutoCloseable {
    static final String CLOUD_FOLDER = "local";

    /** What a command will need; {@link #prepare} starts them in the background. */
    public enum Need {
        STORE,
        BLOBS,
        QUEUES,
        EMBEDDER
    }

    private final VaultLock lock;
    private final LocalStack stack;
    private final InstantSource clock = InstantSource.system();
    private final Lazy<Embedder> embedder;
    private volatile VaultHome home;

    private LocalVault(VaultHome home, VaultLock lock, LocalStack stack) {
        this.home = home;
        this.lock = lock;
        this.stack = stack;
        this.embedder = new Lazy<>(() -> EmbedderProvider.open(home.descriptor().embedder(), classLoader()));
    }

    public static LocalVault open(Path homeDir) {
        VaultHome home = VaultHome.open(homeDir);
        VaultLock lock = VaultLock.acquire(home.root());
        try {
            return new LocalVault(
                    home,
                    lock,
                    LocalStack.at(
                            home.root().resolve(CLOUD_FOLDER), LocalCloud.Settings.defaults(), InstantSource.system()));
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /**
     * Starts {@code needs} on background threads and returns at once (see {@link LocalStack#prepare}): the
     * services start side by side while the command unlocks the keys.
     */
    public void prepare(Need... needs) {
        for (Need need : needs) {
            switch (need) {
                case STORE -> stack.prepare(LocalStack.Need.STORE);
                case BLOBS -> stack.prepare(LocalStack.Need.BLOBS);
                case QUEUES -> stack.prepare(LocalStack.Need.QUEUES);
                case EMBEDDER -> LocalStack.inBackground("pvault-prepare-EMBEDDER", embedder::get);
            }
        }
    }

    public VaultHome home() {
        return home;
    }

    public LocalStack stack() {
        return stack;
    }

    /**
     * The model id the vault's vectors carry, from vault.json; a vault made before it was recorded there learns
     * it once from the embedder provider and records it.
     */
    public synchronized String model() {
        VaultHome current = home;
        if (current.descriptor().model().isPresent()) {
            return current.descriptor().model().get();
        }
        String model = EmbedderProvider.modelIdOf(current.descriptor().embedder(), classLoader());
        home = current.recordModel(model);
        return model;
    }

    public VaultClient client() {
        return client(VaultClient.Settings.DEFAULTS);
    }

    public VaultClient client(VaultClient.Settings settings) {
        return new VaultClient(home, stack, model(), home.workerPublicKey(), clock, settings);
    }

    /** The vault's embedder, loaded once for this process. */
    public Embedder embedder() {
        return embedder.get();
    }

    /** Starts the function instances (once); they share this process's embedder and the stack's adapters. */
    public FunctionRunner runner(FunctionRunner.Settings settings) {
        return stack.functions(
                embedder(),
                CachedKeySource.fromFile(home.root().resolve(VaultHome.WORKER_KEYS_FILE), clock, Duration.ofMinutes(1)),
                settings);
    }

    @Override
    public synchronized void close() {
        // The functions and adapters first (they use the embedder and the services), then the embedder, then
        // the lock.
        try {
            stack.close();
            Embedder loaded = embedder.peek();
            if (loaded != null) {
                loaded.close();
            }
        } catch (RuntimeException e) {
            // Shutting down: the command's result is already decided.
        } finally {
            lock.close();
        }
    }

    private static ClassLoader classLoader() {
        return LocalVault.class.getClassLoader();
    }
}
