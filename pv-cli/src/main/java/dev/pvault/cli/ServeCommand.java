package dev.pvault.cli;

import dev.pvault.aws.CachedKeySource;
import dev.pvault.client.VaultHome;
import dev.pvault.core.embed.Embedder;
import dev.pvault.core.embed.EmbedderProvider;
import dev.pvault.local.FunctionRunner;
import dev.pvault.local.LocalCloud;
import dev.pvault.local.LocalService;
import dev.pvault.local.LocalStack;
import dev.pvault.local.ServiceHome;
import dev.pvault.service.http.LocalIssuer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code pvault serve}: the whole vault service on this machine, for many users: the /v1 API (bearer tokens
 * from {@code pvault serve token}), S3, SQS and PostgreSQL on loopback, and the function instances that embed.
 * Clients reach it with {@code pvault init --service URL}. Stops cleanly on SIGTERM or Ctrl-C: the API stops
 * taking requests, the batches in hand finish (or go back to the queue), the services shut down.
 */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Run the vault service on 127.0.0.1 for any number of users: the API clients use ('pvault init"
                    + " --service URL'), with S3, SQS, PostgreSQL and the embedding workers on this machine.",
            "",
            "Prints 'pvault service listening on http://127.0.0.1:PORT' when ready (with --json, one line"
                    + " {\"url\": ...}). Give users tokens with 'pvault serve token NAME'. SIGTERM or Ctrl-C stops it"
                    + " cleanly; nothing is lost.",
        })
// The token sub-command is added by Main (only the command being run is built).
final class ServeCommand implements Callable<Integer> {
    static final String HOME_ENV = "PV_SERVICE_HOME";
    static final int DEFAULT_PORT = 8750;

    @Mixin
    ServiceHomeOption home;

    @Option(
            names = "--port",
            paramLabel = "N",
            defaultValue = "" + DEFAULT_PORT,
            description = "The API's port on 127.0.0.1 (default ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(
            names = "--embedder",
            paramLabel = "ID",
            defaultValue = VaultHome.DEFAULT_EMBEDDER,
            description = "The model the workers embed with, for a new service home (default ${DEFAULT-VALUE}).")
    String embedder;

    @Option(
            names = "--workers",
            paramLabel = "N",
            description = "Function instances embedding in this process, 0..64 (default: one per core; 0: none,"
                    + " for workers of their own: 'pvault worker --service-home DIR').")
    Integer workers;

    @Option(names = "--json", description = "Print the ready line as one JSON object.")
    boolean json;

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65_535) {
            throw new dev.pvault.core.UserException("--port is 0..65535, got " + port);
        }
        ServiceHome service = ServiceHome.openOrCreate(
                home.path(), embedder, EmbedderProvider.modelIdOf(embedder, ServeCommand.class.getClassLoader()));
        InstantSource clock = InstantSource.system();
        try (VaultLock lock = VaultLock.acquire(service.root())) {
            if (workers != null && (workers < 0 || workers > 64)) {
                throw new dev.pvault.core.UserException("--workers is 0..64, got " + workers);
            }
            Optional<FunctionRunner.Settings> functions = workers != null && workers == 0
                    ? Optional.empty()
                    : Optional.of(WorkerOptions.of(workers).settings());
            Running running = Running.start(service, port, functions, clock);
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                running.close();
                                stopped.countDown();
                            },
                            "pvault-serve-stop"));
            Output output = new Output(new CommonOptions());
            if (json) {
                // One line, as scripts read it (the other commands' JSON is one indented document).
                output.line(new com.fasterxml.jackson.databind.ObjectMapper()
                        .createObjectNode()
                        .put("url", running.api().url().toString())
                        .toString());
            } else {
                output.line("pvault service listening on " + running.api().url());
            }
            stopped.await();
        }
        return Main.EXIT_OK;
    }

    /** Everything a running service holds, closed in order: the API, the workers, the model, the stack. */
    private record Running(ServiceHome home, LocalStack stack, Optional<Embedder> embedder, LocalService api)
            implements AutoCloseable {
        static Running start(
                ServiceHome home, int port, Optional<FunctionRunner.Settings> workers, InstantSource clock) {
            LocalStack stack = LocalStack.at(home.cloudFolder(), LocalCloud.Settings.defaults(), clock);
            try {
                stack.prepare(LocalStack.Need.values());
                Optional<Embedder> embedder = workers.map(
                        settings -> EmbedderProvider.open(home.embedder(), ServeCommand.class.getClassLoader()));
                // Every service up before the ready line: the first request must not wait for one to start.
                stack.store();
                stack.blobs();
                stack.queue();
                stack.deadLetters();
                if (workers.isPresent()) {
                    stack.functions(
                            embedder.orElseThrow(),
                            CachedKeySource.fromFile(home.workerKeysFile(), clock, Duration.ofMinutes(1)),
                            workers.get());
                }
                LocalService api = LocalService.start(
                        stack,
                        home.issuerFolder(),
                        new LocalService.Settings(home.workerPublicKey(), home.model(), port, 8),
                        clock);
                LocalCloud.S3 s3 = stack.cloud().s3();
                LocalCloud.Sqs sqs = stack.cloud().sqs();
                LocalCloud.Postgres postgres = stack.cloud().postgres();
                home.writeEndpoints(new ServiceHome.Endpoints(
                        s3.endpoint(),
                        s3.bucket(),
                        sqs.endpoint(),
                        sqs.queueUrl(),
                        sqs.deadLetterQueueUrl(),
                        postgres.jdbcUrl(),
                        postgres.user(),
                        sqs.region()));
                return new Running(home, stack, embedder, api);
            } catch (RuntimeException e) {
                stack.close();
                throw e;
            }
        }

        @Override
        public void close() {
            System.err.println("pvault serve: stopping (requests refused; the batches in hand finish first)");
            home.clearEndpoints();
            api.close();
            stack.close(); // the functions first, then the adapters, then the servers
            embedder.ifPresent(Embedder::close);
        }
    }

    /** {@code pvault serve token USER}: a bearer token for USER, on stdout alone. */
    @Command(
            name = "token",
            mixinStandardHelpOptions = true,
            description = {
                "Print a bearer token for USER (made a user of this service if new), on stdout alone: give it to"
                        + " that person's client as PV_TOKEN or a --token-file. Works whether the service runs or not.",
            })
    static final class Token implements Callable<Integer> {
        @Parameters(paramLabel = "USER", description = "A user name: 1 to 64 of a-z, 0-9 and . _ @ -.")
        String user;

        @Mixin
        ServiceHomeOption home;

        @Option(
                names = "--ttl-hours",
                paramLabel = "N",
                defaultValue = "12",
                description = "How long the token is valid (default ${DEFAULT-VALUE} hours).")
        int ttlHours;

        @Override
        public Integer call() {
            if (ttlHours < 1 || ttlHours > 24 * 365) {
                throw new dev.pvault.core.UserException("--ttl-hours is 1..8760, got " + ttlHours);
            }
            ServiceHome service = ServiceHome.open(home.path());
            String token = LocalIssuer.in(service.issuerFolder(), InstantSource.system())
                    .issue(service.userId(user), Duration.ofHours(ttlHours));
            new Output(new CommonOptions()).line(token);
            return Main.EXIT_OK;
        }
    }

    /** Where the service keeps its data: {@code --home}, else {@code $PV_SERVICE_HOME}, else ~/.pvault-service. */
    static final class ServiceHomeOption {
        @Option(
                names = "--home",
                paramLabel = "DIR",
                description = "The service home (default: $" + HOME_ENV + ", else ~/.pvault-service).")
        Path home;

        Path path() {
            if (home != null) {
                return home.toAbsolutePath().normalize();
            }
            String fromEnv = System.getenv(HOME_ENV);
            if (fromEnv != null && !fromEnv.isBlank()) {
                return Path.of(fromEnv).toAbsolutePath().normalize();
            }
            return Path.of(System.getProperty("user.home"), ".pvault-service");
        }
    }
}
