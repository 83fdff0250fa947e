package dev.pvault.cli;

import dev.pvault.aws.S3BlobStore;
import dev.pvault.aws.SqsJobQueue;
import dev.pvault.aws.WorkerRuntime;
import dev.pvault.client.VaultClient;
import dev.pvault.client.VaultHome;
import dev.pvault.client.VaultPorts;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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
    private final List<AutoCloseable> opened = new ArrayList<>();
    private final InstantSource clock = InstantSource.system();
    private BlobStore blobs;
    private PostgresEmbeddingStore store;
    private SqsJobQueue queue;
    private SqsJobQueue deadLetters;
    private Embedder embedder;
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
        return new VaultClient(
                home, this, model(), home.workerKeyring().current().publicKey(), clock, settings);
    }

    @Override
    public synchronized BlobStore blobs() {
        if (blobs == null) {
            LocalCloud.S3 s3 = cloud.s3();
            S3BlobStore connected = S3BlobStore.connect(
                    s3.bucket(), Optional.of(s3.region()), Optional.of(s3.endpoint()), LocalWorkerConfig.CREDENTIALS);
            opened.add(connected);
            blobs = connected;
        }
        return blobs;
    }

    @Override
    public synchronized EmbeddingStore store() {
        if (store == null) {
            LocalCloud.Postgres postgres = cloud.postgres();
            store = PostgresEmbeddingStore.open(new PostgresSettings(
                    postgres.jdbcUrl(), postgres.user(), postgres.password(), 4, Duration.ofSeconds(5), true));
            opened.add(store);
        }
        return store;
    }

    @Override
    public synchronized JobQueue queue() {
        if (queue == null) {
            queue = connect(cloud.sqs().queueUrl());
        }
        return queue;
    }

    @Override
    public synchronized JobQueue deadLetters() {
        if (deadLetters == null) {
            deadLetters = connect(cloud.sqs().deadLetterQueueUrl());
        }
        return deadLetters;
    }

    private SqsJobQueue connect(String url) {
        LocalCloud.Sqs sqs = cloud.sqs();
        SqsJobQueue connected = SqsJobQueue.connect(
                url, Optional.of(sqs.region()), Optional.of(sqs.endpoint()), LocalWorkerConfig.CREDENTIALS);
        opened.add(connected);
        return connected;
    }

    /** The vault's embedder, loaded once for this process. */
    synchronized Embedder embedder() {
        if (embedder == null) {
            embedder = EmbedderProvider.open(home.descriptor().embedder(), LocalVault.class.getClassLoader());
        }
        return embedder;
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
        closeQuietly(embedder);
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
