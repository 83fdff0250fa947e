package dev.pvault.cli;

import dev.pvault.aws.S3BlobStore;
import dev.pvault.aws.SqsJobQueue;
import dev.pvault.aws.WorkerRuntime;
import dev.pvault.client.VaultClient;
import dev.pvault.client.VaultHome;
import dev.pvault.client.VaultPorts;
import dev.pvault.core.Lazy;
import dev.pvault.core.embed.Embedder;
import dev.pvault.core.embed.EmbedderProvider;
import dev.pvault.core.embed.EmbeddingPurpose;
import dev.pvault.core.embed.Embeddings;
import dev.pvault.core.worker.BlobStore;
import dev.pvault.core.worker.EmbeddingStore;
import dev.pvault.core.worker.JobQueue;
import dev.pvault.local.FunctionRunner;
import dev.pvault.local.LocalCloud;
import dev.pvault.local.LocalWorkerConfig;
import dev.pvault.store.postgres.PostgresEmbeddingStore;
import dev.pvault.store.postgres.PostgresSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A vault in local mode: the home's lock, the loopback cloud under {@code home/local} (each service started
 * on first use), the client's ports on it, one embedder shared by search and the workers, and the function
 * runner. Closing stops everything it started, in reverse order.
 */
final class LocalVault implements VaultPorts, AutoCloseable {
    static final String CLOUD_FOLDER = "local";
    private static final String QUEUE_ARN = "arn:aws:sqs:us-east-1:000000000000:pvault-jobs";

    private final VaultHome home;
    private final VaultLock lock;
    private final LocalCloud cloud;
    private final List<AutoCloseable> opened = new CopyOnWriteArrayList<>();
    private final InstantSource clock = InstantSource.system();
    private final Lazy<BlobStore> blobs = new Lazy<>(this::connectBlobs);
    private final Lazy<PostgresEmbeddingStore> store = new Lazy<>(this::connectStore);
    private final Lazy<SqsJobQueue> queue = new Lazy<>(() -> connectQueue(false));
    private final Lazy<SqsJobQueue> deadLetters = new Lazy<>(() -> connectQueue(true));
    private final Lazy<Embedder> embedder = new Lazy<>(this::loadEmbedder);
    private WorkerRuntime runtime;
    private FunctionRunner runner;

    private LocalVault(VaultHome home, VaultLock lock, LocalCloud cloud) {
        this.home = home;
        this.lock = lock;
        this.cloud = cloud;
    }

    static LocalVault open(Path homeDir) {
        VaultHome home = VaultHome.open(homeDir);
        VaultLock lock = VaultLock.acquire(home.root());
        try {
            return new LocalVault(home, lock, LocalCloud.at(home.root().resolve(CLOUD_FOLDER)));
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /** What a command will need; {@link #prepare} starts them in the background. */
    enum Need {
        STORE,
        BLOBS,
        QUEUES,
        EMBEDDER
    }

    /**
     * Starts {@code needs} on background threads and returns at once, so that they start side by side while
     * the command does its own work (unlocking the keys takes half a second of one core). An error there is
     * not reported: the command's own use of the resource tries again and reports it.
     */
    void prepare(Need... needs) {
        for (Need need : needs) {
            Runnable start = switch (need) {
                case STORE -> store::get;
                case BLOBS -> blobs::get;
                case QUEUES ->
                    () -> {
                        queue.get();
                        deadLetters.get();
                    };
                case EMBEDDER -> embedder::get;
            };
            Thread.ofPlatform().daemon(true).name("pvault-prepare-" + need).start(() -> {
                try {
                    start.run();
                } catch (RuntimeException e) {
                    // Reported by the command's own call.
                }
            });
        }
    }

    VaultHome home() {
        return home;
    }

    /** The model id the vault's vectors carry. */
    String model() {
        String spec = home.descriptor().embedder();
        // A model folder's id carries a digest of its files, known once it is opened; bundled ids are their own.
        return spec.startsWith("onnx:/") ? embedder().modelId() : spec;
    }

    VaultClient client() {
        return client(VaultClient.Settings.DEFAULTS);
    }

    VaultClient client(VaultClient.Settings settings) {
        return new VaultClient(home, this, model(), home.workerPublicKey(), clock, settings);
    }

    @Override
    public BlobStore blobs() {
        return blobs.get();
    }

    @Override
    public EmbeddingStore store() {
        return store.get();
    }

    @Override
    public JobQueue queue() {
        return queue.get();
    }

    @Override
    public JobQueue deadLetters() {
        return deadLetters.get();
    }

    /** The vault's embedder, loaded once for this process. */
    Embedder embedder() {
        return embedder.get();
    }

    private BlobStore connectBlobs() {
        LocalCloud.S3 s3 = cloud.s3();
        S3BlobStore connected = S3BlobStore.connect(
                s3.bucket(), Optional.of(s3.region()), Optional.of(s3.endpoint()), LocalWorkerConfig.CREDENTIALS);
        opened.add(connected);
        return connected;
    }

    private PostgresEmbeddingStore connectStore() {
        LocalCloud.Postgres postgres = cloud.postgres();
        PostgresEmbeddingStore connected = PostgresEmbeddingStore.open(new PostgresSettings(
                postgres.jdbcUrl(), postgres.user(), postgres.password(), 4, Duration.ofSeconds(5), true));
        opened.add(connected);
        return connected;
    }

    private SqsJobQueue connectQueue(boolean deadLetterQueue) {
        LocalCloud.Sqs sqs = cloud.sqs();
        String url = deadLetterQueue ? sqs.deadLetterQueueUrl() : sqs.queueUrl();
        SqsJobQueue connected = SqsJobQueue.connect(
                url, Optional.of(sqs.region()), Optional.of(sqs.endpoint()), LocalWorkerConfig.CREDENTIALS);
        opened.add(connected);
        return connected;
    }

    private Embedder loadEmbedder() {
        return EmbedderProvider.open(home.descriptor().embedder(), LocalVault.class.getClassLoader());
    }

    /** Starts the function instances (once); they share this process's embedder. */
    synchronized FunctionRunner runner(FunctionRunner.Settings settings) {
        if (runner == null) {
            Path keys = home.root().resolve(VaultHome.WORKER_KEYS_FILE);
            runtime = WorkerRuntime.start(
                    LocalWorkerConfig.of(cloud, keys, home.descriptor().embedder(), settings),
                    LocalWorkerConfig.CREDENTIALS,
                    clock,
                    new Borrowed(embedder()));
            runner = FunctionRunner.start(runtime, queue(), QUEUE_ARN, settings, clock);
        }
        return runner;
    }

    @Override
    public synchronized void close() {
        // Workers first (they use everything), then clients, then the services, then the lock.
        closeQuietly(runner);
        closeQuietly(runtime);
        for (AutoCloseable resource : opened.reversed()) {
            closeQuietly(resource);
        }
        closeQuietly(embedder.peek());
        closeQuietly(cloud);
        lock.close();
    }

    private static void closeQuietly(AutoCloseable resource) {
        if (resource == null) {
            return;
        }
        try {
            resource.close();
        } catch (Exception e) {
            // Shutting down: the services' own logs say more; the command's result is already decided.
        }
    }

    /** The shared embedder, lent to the worker runtime, which closes what it is given: this one it may not. */
    private record Borrowed(Embedder embedder) implements Embedder {
        @Override
        public String modelId() {
            return embedder.modelId();
        }

        @Override
        public int dimension() {
            return embedder.dimension();
        }

        @Override
        public Embeddings embed(List<String> texts, EmbeddingPurpose purpose) {
            return embedder.embed(texts, purpose);
        }

        @Override
        public void close() {}
    }
}
