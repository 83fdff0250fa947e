package dev.pvault.local;

import dev.pvault.aws.S3BlobStore;
import dev.pvault.aws.SqsJobQueue;
import dev.pvault.core.Lazy;
import dev.pvault.core.embed.Embedder;
import dev.pvault.core.worker.BlobStore;
import dev.pvault.core.worker.EmbeddingStore;
import dev.pvault.core.worker.JobProcessor;
import dev.pvault.core.worker.JobQueue;
import dev.pvault.core.worker.VaultPorts;
import dev.pvault.core.worker.WorkerKeySource;
import dev.pvault.store.postgres.PostgresEmbeddingStore;
import dev.pvault.store.postgres.PostgresSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Local mode composed once: the loopback cloud ({@link LocalCloud}), one set of adapters on it (the S3
 * blob store, the SQS job queue and its dead-letter queue, the PostgreSQL store) that the client and the
 * worker share, and the function instances ({@link FunctionRunner}) that embed. Each adapter connects on
 * first use, so a command starts only the services it needs; {@link #prepare} starts them ahead, side by
 * side. Closing stops what was started, workers first.
 */
public final class LocalStack implements VaultPorts, AutoCloseable {
    /** Connections the store keeps: the client's calls and two or so function instances at once. */
    private static final int STORE_POOL_SIZE = 4;

    /** What a command will need; {@link #prepare} starts them in the background. */
    public enum Need {
        STORE,
        BLOBS,
        QUEUES
    }

    private final LocalCloud cloud;
    private final InstantSource clock;
    private final List<AutoCloseable> opened = new CopyOnWriteArrayList<>();
    private final Lazy<BlobStore> blobs = new Lazy<>(this::connectBlobs);
    private final Lazy<EmbeddingStore> store = new Lazy<>(this::connectStore);
    private final Lazy<JobQueue> queue = new Lazy<>(() -> connectQueue(false));
    private final Lazy<JobQueue> deadLetters = new Lazy<>(() -> connectQueue(true));
    private FunctionRunner functions;

    private LocalStack(LocalCloud cloud, InstantSource clock) {
        this.cloud = cloud;
        this.clock = clock;
    }

    /** The stack on a cloud with its data under {@code folder}; nothing starts yet. */
    public static LocalStack at(Path folder, LocalCloud.Settings settings, InstantSource clock) {
        return new LocalStack(LocalCloud.at(folder, settings), Objects.requireNonNull(clock, "clock"));
    }

    public LocalCloud cloud() {
        return cloud;
    }

    /**
     * Starts {@code needs} on background threads and returns at once, so that they start side by side while
     * the command does its own work (unlocking the keys takes half a second of one core). An error there is
     * not reported: the command's own use of the resource tries again and reports it.
     */
    public void prepare(Need... needs) {
        for (Need need : needs) {
            Runnable start = switch (need) {
                case STORE -> store::get;
                case BLOBS -> blobs::get;
                case QUEUES ->
                    () -> {
                        queue.get();
                        deadLetters.get();
                    };
            };
            inBackground("pvault-prepare-" + need, start);
        }
    }

    /** Runs {@code task} on a daemon thread, its failure left for the next caller of the same thing to see. */
    public static void inBackground(String name, Runnable task) {
        Thread.ofPlatform().daemon(true).name(name).start(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                // Reported by the command's own call.
            }
        });
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

    /**
     * Starts the function instances (once; later calls return the same runner): the worker pipeline on this
     * stack's adapters, with {@code embedder} (which the caller keeps and closes) and the worker's keys.
     */
    public synchronized FunctionRunner functions(
            Embedder embedder, WorkerKeySource keys, FunctionRunner.Settings settings) {
        if (functions == null) {
            JobProcessor processor =
                    new JobProcessor(blobs(), store(), embedder, keys, clock, JobProcessor.Settings.DEFAULTS);
            functions = FunctionRunner.start(processor, queue(), settings, clock);
        }
        return functions;
    }

    /** Stops the function instances, then the adapters, then the services; the data stays. */
    @Override
    public synchronized void close() {
        closeQuietly(functions);
        for (AutoCloseable resource : opened.reversed()) {
            closeQuietly(resource);
        }
        closeQuietly(cloud);
    }

    private BlobStore connectBlobs() {
        LocalCloud.S3 s3 = cloud.s3();
        return opened(S3BlobStore.connect(
                s3.bucket(), Optional.of(s3.region()), Optional.of(s3.endpoint()), LocalCloud.CREDENTIALS));
    }

    private EmbeddingStore connectStore() {
        LocalCloud.Postgres postgres = cloud.postgres();
        return opened(PostgresEmbeddingStore.open(new PostgresSettings(
                postgres.jdbcUrl(),
                postgres.user(),
                postgres.password(),
                STORE_POOL_SIZE,
                Duration.ofSeconds(5),
                true)));
    }

    private JobQueue connectQueue(boolean deadLetterQueue) {
        LocalCloud.Sqs sqs = cloud.sqs();
        String url = deadLetterQueue ? sqs.deadLetterQueueUrl() : sqs.queueUrl();
        return opened(SqsJobQueue.connect(
                url, Optional.of(sqs.region()), Optional.of(sqs.endpoint()), LocalCloud.CREDENTIALS));
    }

    private <T extends AutoCloseable> T opened(T resource) {
        opened.add(resource);
        return resource;
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

    @Override
    public String toString() {
        return "LocalStack[" + cloud + "]";
    }
}
