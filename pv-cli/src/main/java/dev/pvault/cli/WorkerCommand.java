package dev.pvault.cli;

import dev.pvault.aws.JobMetrics;
import dev.pvault.aws.QueuePoller;
import dev.pvault.aws.WorkerConfig;
import dev.pvault.aws.WorkerLoop;
import dev.pvault.aws.WorkerRuntime;
import dev.pvault.client.VaultClient;
import dev.pvault.client.VaultHome;
import dev.pvault.client.VaultStatus;
import dev.pvault.core.UserException;
import dev.pvault.core.worker.JobQueue;
import dev.pvault.local.LocalCloud;
import dev.pvault.local.ServiceHome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * {@code pvault worker}: the Lambda function's job processor as a long-running poller, for EC2, Fargate or
 * Kubernetes (or a laptop against its local cloud). Receives batches from the job queue, runs them on a few
 * threads, deletes the jobs that were stored and leaves the others for redelivery (and, after the queue's
 * {@code maxReceiveCount}, its dead-letter queue). Stops cleanly on SIGTERM after the batch in hand.
 *
 * <p>Configured by the same environment variables as the function ({@link WorkerConfig}); a flag, when
 * given, wins over its variable. The database password is read from {@code PV_DB_PASSWORD} or a secret,
 * never from a flag (flags show in the process list).
 */
@Command(
        name = "worker",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Run the embedding worker as a long-running queue poller (EC2, Fargate, Kubernetes).",
            "",
            "Configured by the PV_* environment variables the Lambda function reads (see deploy/aws/README.md);"
                    + " each flag below overrides its variable. AWS credentials come from the usual chain.",
        })
final class WorkerCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--queue-url", paramLabel = "URL", description = "The job queue (PV_QUEUE_URL).")
    String queueUrl;

    @Option(names = "--bucket", paramLabel = "NAME", description = "The batch bucket (PV_BUCKET).")
    String bucket;

    @Option(names = "--db-url", paramLabel = "JDBC_URL", description = "PostgreSQL (PV_DB_URL).")
    String dbUrl;

    @Option(names = "--db-user", paramLabel = "USER", description = "Database user (PV_DB_USER).")
    String dbUser;

    @Option(
            names = "--db-secret-id",
            paramLabel = "ID",
            description = "Secrets Manager secret with username and password (PV_DB_SECRET_ID).")
    String dbSecretId;

    @Option(
            names = "--keys-secret-id",
            paramLabel = "ID",
            description = "Secrets Manager secret holding the worker keyring (PV_WORKER_KEYS_SECRET_ID).")
    String keysSecretId;

    @Option(
            names = "--keys-file",
            paramLabel = "FILE",
            description = "Private file holding the worker keyring (PV_WORKER_KEYS_FILE; default: the vault's own,"
                    + " when neither is set).")
    Path keysFile;

    @Option(names = "--embedder", paramLabel = "SPEC", description = "The embedding model (PV_EMBEDDER).")
    String embedder;

    @Option(names = "--region", paramLabel = "REGION", description = "AWS region (PV_AWS_REGION, AWS_REGION).")
    String region;

    @Option(names = "--s3-endpoint", paramLabel = "URL", description = "S3-compatible endpoint (PV_S3_ENDPOINT).")
    String s3Endpoint;

    @Option(names = "--sqs-endpoint", paramLabel = "URL", description = "SQS-compatible endpoint (PV_SQS_ENDPOINT).")
    String sqsEndpoint;

    @Option(
            names = "--concurrency",
            paramLabel = "N",
            defaultValue = "2",
            description = "Jobs processed at once (default ${DEFAULT-VALUE}; the embedder has threads of its own).")
    int concurrency;

    @Option(
            names = "--batch-size",
            paramLabel = "N",
            defaultValue = "10",
            description = "Jobs per receive, 1..10 (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(
            names = "--visibility-timeout",
            paramLabel = "SECONDS",
            defaultValue = "900",
            description = "How long received jobs stay hidden from other workers (default ${DEFAULT-VALUE}).")
    int visibilitySeconds;

    @Option(
            names = "--handback",
            paramLabel = "SECONDS",
            defaultValue = "60",
            description = "Jobs that cannot finish this long before their visibility timeout ends are handed"
                    + " back unstarted (default ${DEFAULT-VALUE}).")
    int handbackSeconds;

    @Option(
            names = "--metrics",
            paramLabel = "off|emf",
            defaultValue = "off",
            description = "emf: CloudWatch Embedded Metric Format lines on stdout (default ${DEFAULT-VALUE}).")
    String metrics;

    @Option(names = "--once", description = "Receive and process one batch, then exit (for scripts and checks).")
    boolean once;

    @Option(
            names = "--until-idle",
            description = "Local mode (no queue configured): run the vault's own function instances until every"
                    + " queued job is done, then exit. Finishes an import that was interrupted or run with"
                    + " --no-wait.")
    boolean untilIdle;

    @Mixin
    WorkerOptions workers;

    @Option(
            names = "--service-home",
            paramLabel = "DIR",
            description = "Work for the 'pvault serve' running on DIR (its loopback S3, SQS and PostgreSQL, its worker"
                    + " keyring): extra workers beside the service, in processes of their own.")
    Path serviceHome;

    @Override
    public Integer call() throws Exception {
        Map<String, String> environment = environment();
        AwsCredentialsProvider credentials =
                DefaultCredentialsProvider.builder().build();
        if (serviceHome != null) {
            ServiceHome service = ServiceHome.open(serviceHome);
            ServiceHome.Endpoints endpoints = service.endpoints();
            environment.put(WorkerConfig.BUCKET, endpoints.bucket());
            environment.put(WorkerConfig.QUEUE_URL, endpoints.queueUrl());
            environment.put(WorkerConfig.DB_URL, endpoints.jdbcUrl());
            environment.put(WorkerConfig.DB_USER, endpoints.dbUser());
            environment.put(WorkerConfig.REGION, endpoints.region());
            environment.put(WorkerConfig.S3_ENDPOINT, endpoints.s3().toString());
            environment.put(WorkerConfig.SQS_ENDPOINT, endpoints.sqs().toString());
            environment.put(WorkerConfig.KEYS_FILE, service.workerKeysFile().toString());
            environment.remove(WorkerConfig.KEYS_SECRET_ID);
            environment.putIfAbsent(WorkerConfig.EMBEDDER, service.embedder());
            credentials = LocalCloud.CREDENTIALS;
        }
        if (isBlank(environment.get(WorkerConfig.QUEUE_URL))) {
            if (!untilIdle) {
                throw new UserException("the worker needs a job queue (--queue-url or " + WorkerConfig.QUEUE_URL
                        + "), or --until-idle to drain this vault's local queue");
            }
            return drainLocalVault();
        }
        WorkerConfig config = WorkerConfig.fromEnvironment(environment);
        JobMetrics jobMetrics = switch (metrics) {
            case "off" -> JobMetrics.off();
            case "emf" -> JobMetrics.stdout("pvault-worker");
            default -> throw new UserException("--metrics is off or emf, not " + metrics);
        };
        QueuePoller.Settings settings = new QueuePoller.Settings(
                batchSize, Duration.ofSeconds(once ? 1 : 20), Duration.ofSeconds(visibilitySeconds));
        Output output = new Output(common);
        try (WorkerRuntime runtime = WorkerRuntime.start(config, credentials, InstantSource.system());
                WorkerLoop loop = new WorkerLoop(
                        runtime.processor(),
                        new WorkerLoop.Settings(Duration.ofSeconds(handbackSeconds), concurrency),
                        jobMetrics,
                        InstantSource.system())) {
            JobQueue queue = runtime.queue().orElseThrow();
            QueuePoller poller = new QueuePoller(queue, loop, settings, InstantSource.system());
            if (once) {
                int received = poller.pollOnce();
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("received", received);
                result.put("model", runtime.modelId());
                if (output.json()) {
                    output.json(result);
                } else {
                    output.line("Received and handled " + received + " jobs (" + runtime.modelId() + ").");
                }
                return Main.EXIT_OK;
            }
            runUntilTerminated(poller, runtime.modelId(), config);
        }
        return Main.EXIT_OK;
    }

    /** Local mode: send what an interrupted import left unsent, then embed until no job is pending. */
    private int drainLocalVault() throws InterruptedException {
        long start = System.nanoTime();
        boolean idle;
        int resent;
        VaultStatus.Counts counts;
        try (VaultSession session = VaultSession.open(common, OpenVault.Need.values())) {
            OpenVault vault = session.vault();
            VaultClient client = vault.client();
            if (!vault.local()) {
                throw new UserException("this vault is bound to a vault service, whose workers embed its jobs;"
                        + " 'pvault status' shows how far they are");
            }
            resent = client.resendUnsent();
            if (client.workPending()) {
                idle = Drain.untilIdle(vault, client, workers.settings(), () -> {});
            } else {
                idle = true;
            }
            counts = client.status().total();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Output output = new Output(common);
        if (output.json()) {
            Map<String, Object> result = new LinkedHashMap<>(Output.statusFields(counts));
            result.put("idle", idle);
            result.put("resent", resent);
            result.put("seconds", Math.round(seconds * 1000) / 1000.0);
            output.json(result);
        } else {
            output.line(String.format(
                    "%s in %.1f s: %,d of %,d messages done, %,d failed, %,d dead%s.",
                    idle ? "Idle" : "Gave up waiting (see 'pvault status')",
                    seconds,
                    counts.done(),
                    counts.imported(),
                    counts.failed(),
                    counts.dead(),
                    resent > 0 ? "; " + resent + " interrupted jobs sent again" : ""));
        }
        return idle ? Main.EXIT_OK : Main.EXIT_USER_ERROR;
    }

    private static void runUntilTerminated(QueuePoller poller, String model, WorkerConfig config)
            throws InterruptedException {
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(
                () -> {
                    poller.stop();
                    try {
                        finished.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "pvault-worker-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        System.err.println("pvault worker: polling " + config.queueUrl().orElseThrow() + " with " + model
                + " (stop with Ctrl-C or SIGTERM)");
        try {
            poller.run();
        } finally {
            finished.countDown();
        }
    }

    /** The process environment, with each given flag in place of its variable. */
    private Map<String, String> environment() {
        Map<String, String> env = new HashMap<>(System.getenv());
        put(env, WorkerConfig.QUEUE_URL, queueUrl);
        put(env, WorkerConfig.BUCKET, bucket);
        put(env, WorkerConfig.DB_URL, dbUrl);
        put(env, WorkerConfig.DB_USER, dbUser);
        put(env, WorkerConfig.DB_SECRET_ID, dbSecretId);
        put(env, WorkerConfig.EMBEDDER, embedder);
        put(env, WorkerConfig.REGION, region);
        put(env, WorkerConfig.S3_ENDPOINT, s3Endpoint);
        put(env, WorkerConfig.SQS_ENDPOINT, sqsEndpoint);
        if (keysSecretId != null) {
            env.put(WorkerConfig.KEYS_SECRET_ID, keysSecretId);
            env.remove(WorkerConfig.KEYS_FILE);
        } else if (keysFile != null) {
            env.put(WorkerConfig.KEYS_FILE, keysFile.toAbsolutePath().toString());
            env.remove(WorkerConfig.KEYS_SECRET_ID);
        } else if (isBlank(env.get(WorkerConfig.KEYS_SECRET_ID)) && isBlank(env.get(WorkerConfig.KEYS_FILE))) {
            Path local = common.home().resolve(VaultHome.WORKER_KEYS_FILE);
            if (Files.exists(local)) {
                env.put(WorkerConfig.KEYS_FILE, local.toString());
            }
        }
        return env;
    }

    private static void put(Map<String, String> env, String name, String value) {
        if (value != null) {
            env.put(name, value);
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
