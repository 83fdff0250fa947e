package dev.pvault.cli;

import dev.pvault.aws.CachedKeySource;
import dev.pvault.client.VaultClient;
import dev.pvault.client.VaultHome;
import dev.pvault.client.http.HttpObjectTransfer;
import dev.pvault.client.http.HttpVaultApi;
import dev.pvault.core.Lazy;
import dev.pvault.core.UserException;
import dev.pvault.core.api.VaultApi;
import dev.pvault.core.embed.Embedder;
import dev.pvault.core.embed.EmbedderProvider;
import dev.pvault.local.FunctionRunner;
import dev.pvault.local.LocalCloud;
import dev.pvault.local.LocalService;
import dev.pvault.local.LocalStack;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A vault as a command opens it: the home and its lock, the vault's embedder (loaded once, for search and the
 * workers), and the one way the client reaches its data: the vault service's API over HTTP and presigned
 * transfers to the object store.
 *
 * <p>A vault bound to a service ({@code pvault init --service}) talks to that URL with the user's bearer token.
 * A local vault runs its own: the {@link LocalStack} under {@code home/local} (loopback S3, SQS and PostgreSQL,
 * each started on first use) with a {@link LocalService} on a loopback port, whose tokens this process mints
 * for the vault's user, and the function instances that embed. Both take the same client path, so the tests of
 * one prove the other. Closing stops everything it started.
 *
 * <p>Public for the benchmarks (pv-bench), which measure the path {@code pvault import} takes.
 */
public final class OpenVault implements AutoCloseable {
    static final String CLOUD_FOLDER = "local";
    static final String SERVICE_FOLDER = "service";
    /** A local vault's own token: it never leaves this process, which ends long before it expires. */
    private static final Duration LOCAL_TOKEN_TTL = Duration.ofHours(24);

    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(60);

    /** What a command will need; {@link #prepare} starts them in the background. */
    public enum Need {
        STORE,
        BLOBS,
        QUEUES,
        EMBEDDER
    }

    private final VaultLock lock;
    private final Optional<LocalStack> stack;
    private final Supplier<String> serviceToken;
    private final InstantSource clock = InstantSource.system();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Lazy<Embedder> embedder;
    private final Lazy<LocalService> localService;
    private final Lazy<VaultApi> api;
    private volatile VaultHome home;

    private OpenVault(VaultHome home, VaultLock lock, Optional<LocalStack> stack, Supplier<String> serviceToken) {
        this.home = home;
        this.lock = lock;
        this.stack = stack;
        this.serviceToken = serviceToken;
        this.embedder = new Lazy<>(() -> EmbedderProvider.open(home.descriptor().embedder(), classLoader()));
        this.localService = new Lazy<>(this::startLocalService);
        this.api = new Lazy<>(this::connect);
    }

    /** Opens a local vault (a vault bound to a service needs its token: {@link #open(Path, Supplier)}). */
    public static OpenVault open(Path homeDir) {
        return open(homeDir, () -> {
            throw new UserException("this vault is bound to a vault service: give its token in PV_TOKEN or with"
                    + " --token-file FILE");
        });
    }

    /** Opens the vault in {@code homeDir}; {@code serviceToken} gives the bearer token of a bound vault. */
    public static OpenVault open(Path homeDir, Supplier<String> serviceToken) {
        VaultHome home = VaultHome.open(homeDir);
        VaultLock lock = VaultLock.acquire(home.root());
        try {
            Optional<LocalStack> stack = home.descriptor().service().isPresent()
                    ? Optional.empty()
                    : Optional.of(LocalStack.at(
                            home.root().resolve(CLOUD_FOLDER), LocalCloud.Settings.defaults(), InstantSource.system()));
            return new OpenVault(home, lock, stack, serviceToken);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /**
     * Starts {@code needs} on background threads and returns at once (see {@link LocalStack#prepare}): a local
     * vault's services start side by side while the command unlocks the keys.
     */
    public void prepare(Need... needs) {
        for (Need need : needs) {
            switch (need) {
                case STORE -> stack.ifPresent(s -> s.prepare(LocalStack.Need.STORE));
                case BLOBS -> stack.ifPresent(s -> s.prepare(LocalStack.Need.BLOBS));
                case QUEUES -> stack.ifPresent(s -> s.prepare(LocalStack.Need.QUEUES));
                case EMBEDDER -> LocalStack.inBackground("pvault-prepare-EMBEDDER", embedder::get);
            }
        }
    }

    public VaultHome home() {
        return home;
    }

    /** Whether this vault runs its own service and workers (else it is bound to a vault service). */
    public boolean local() {
        return stack.isPresent();
    }

    /** The local vault's stack (loopback services and adapters); a bound vault has none. */
    public LocalStack stack() {
        return stack.orElseThrow(
                () -> new UserException("this vault is bound to a vault service; it runs no local" + " services"));
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

    /** The vault service as this vault reaches it (its own on loopback, or the one it is bound to). */
    public VaultApi api() {
        return api.get();
    }

    public VaultClient client(VaultClient.Settings settings) {
        return new VaultClient(
                home,
                api.get(),
                new HttpObjectTransfer(http, HTTP_TIMEOUT),
                model(),
                home.workerPublicKey(),
                clock,
                settings);
    }

    /**
     * A local vault's client on its own service called in this process, no HTTP and no token: the benchmark's
     * baseline for what the HTTP hop costs ({@code pvault bench pipeline --service}). The transfers are the same.
     */
    public VaultClient clientInProcess(VaultClient.Settings settings) {
        VaultApi direct = localService.get().service().as(home.userId());
        VaultClient.register(direct, home.userPublicKey());
        return new VaultClient(
                home,
                direct,
                new HttpObjectTransfer(http, HTTP_TIMEOUT),
                model(),
                home.workerPublicKey(),
                clock,
                settings);
    }

    /** The vault's embedder, loaded once for this process. */
    public Embedder embedder() {
        return embedder.get();
    }

    /** Starts the local function instances (once); they share this process's embedder and the stack's adapters. */
    public FunctionRunner runner(FunctionRunner.Settings settings) {
        if (!local()) {
            throw new UserException("this vault's jobs are embedded by its service's workers, not here");
        }
        return stack().functions(
                        embedder(),
                        CachedKeySource.fromFile(
                                home.root().resolve(VaultHome.WORKER_KEYS_FILE), clock, Duration.ofMinutes(1)),
                        settings);
    }

    private VaultApi connect() {
        if (!local()) {
            return new HttpVaultApi(http, home.descriptor().service().orElseThrow(), serviceToken, HTTP_TIMEOUT);
        }
        LocalService service = localService.get();
        String token = service.issuer().issue(home.userId(), LOCAL_TOKEN_TTL);
        HttpVaultApi local = new HttpVaultApi(http, service.url(), () -> token, HTTP_TIMEOUT);
        // The vault's own service learns the vault's public key (it needs no passphrase).
        VaultClient.register(local, home.userPublicKey());
        return local;
    }

    private LocalService startLocalService() {
        return LocalService.start(
                stack(),
                home.root().resolve(CLOUD_FOLDER).resolve(SERVICE_FOLDER),
                new LocalService.Settings(home.workerPublicKey(), model(), 0, 4),
                clock);
    }

    @Override
    public synchronized void close() {
        // The service and the functions first (they use the embedder and the stores), then the embedder, then
        // the lock.
        try {
            LocalService service = localService.peek();
            if (service != null) {
                service.close();
            }
            stack.ifPresent(LocalStack::close);
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
        return OpenVault.class.getClassLoader();
    }
}
