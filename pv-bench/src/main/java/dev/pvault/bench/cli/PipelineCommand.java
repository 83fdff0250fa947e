package dev.pvault.bench.cli;

import dev.pvault.bench.Corpus;
import dev.pvault.bench.ProcessStats;
import dev.pvault.cli.CommonOptions;
import dev.pvault.cli.Drain;
import dev.pvault.cli.Main;
import dev.pvault.cli.OpenVault;
import dev.pvault.cli.Output;
import dev.pvault.cli.WorkerOptions;
import dev.pvault.client.ImportSummary;
import dev.pvault.client.SearchRequest;
import dev.pvault.client.SearchResults;
import dev.pvault.client.VaultClient;
import dev.pvault.client.VaultHome;
import dev.pvault.client.importer.ChatImporter;
import dev.pvault.client.importer.ImportOptions;
import dev.pvault.core.UnavailableException;
import dev.pvault.core.UserException;
import dev.pvault.core.crypto.Argon2Settings;
import dev.pvault.core.crypto.UserKeys;
import dev.pvault.core.embed.EmbedderProvider;
import dev.pvault.local.FunctionRunner;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pvault bench pipeline}: the whole local system, measured. A corpus is written as a WhatsApp export,
 * a fresh vault imports it through the same path as {@code pvault import} (seal, upload, queue, the function
 * instances embed, vectors stored) and is then searched; it prints the start-up time of each loopback
 * service, the wall time to fully searchable and the search latency.
 */
@Command(
        name = "pipeline",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Import a corpus into a fresh local vault end to end and search it: prints the loopback"
                + " services' start-up times, the time to fully searchable, messages/s and search latency.")
final class PipelineCommand implements Callable<Integer> {
    static final String QUERY = "are you coming to the pub later";

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(
            names = "--messages",
            paramLabel = "N",
            defaultValue = "10000",
            description = "Messages to import (default ${DEFAULT-VALUE}).")
    int messages;

    @Option(
            names = "--corpus",
            paramLabel = "FILE",
            description =
                    "One message per line (default: the shared corpus-10k.txt when present, else a generated one).")
    Path corpus;

    @Option(
            names = "--embedder",
            paramLabel = "ID",
            defaultValue = VaultHome.DEFAULT_EMBEDDER,
            description = "The vault's model (default ${DEFAULT-VALUE}).")
    String embedder;

    @Mixin
    WorkerOptions workers;

    @Option(
            names = "--batch-messages",
            paramLabel = "N",
            defaultValue = "256",
            description = "Messages per sealed batch, one job each (default ${DEFAULT-VALUE}).")
    int batchMessages;

    @Option(names = "--keep", description = "Keep the benchmark vault (its path is printed); by default it is removed.")
    boolean keep;

    @Option(
            names = "--service",
            description = "Also import the corpus into a second fresh vault through the client's in-process call of"
                    + " the service (no HTTP), and report the HTTP path's time over it, and the latency of the"
                    + " service's status call over loopback.")
    boolean service;

    @Option(
            names = "--rounds",
            paramLabel = "N",
            defaultValue = "1",
            description = "With --service: imports through each way, alternating (default ${DEFAULT-VALUE}).")
    int rounds;

    /** Status calls timed after the import, for the p50 and p90. */
    static final int STATUS_CALLS = 200;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (messages < 1 || batchMessages < 1 || rounds < 1) {
            throw new UserException("--messages, --batch-messages and --rounds must be positive");
        }
        Path work = Files.createTempDirectory("pvault-bench-");
        Path home = common.homeGiven() ? common.home() : work.resolve("vault");
        Corpus texts = corpus();
        Path export = writeExport(texts, work.resolve("WhatsApp Chat with Bench.txt"));
        char[] passphrase = "pvault bench passphrase".toCharArray();
        createVault(home, passphrase);

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("embedder", embedder);
        result.put("corpus", texts.source());
        result.put("messages", texts.messages().size());
        try (OpenVault vault = OpenVault.open(home);
                UserKeys keys = vault.home().unlock(passphrase)) {
            Map<String, Object> startup = new LinkedHashMap<>();
            startup.put("postgres_ms", millis(vault.stack()::store));
            startup.put("sqs_ms", millis(vault.stack()::queue));
            startup.put("s3_ms", millis(vault.stack()::blobs));
            startup.put("model_ms", millis(vault::embedder));
            result.put("startup", startup);

            VaultClient client = vault.client(new VaultClient.Settings(batchMessages, 512 * 1024));
            long start = System.nanoTime();
            FunctionRunner runner = vault.runner(workers.settings());
            ImportSummary summary = client.importFiles(
                    List.of(ChatImporter.prepare(export, ImportOptions.defaults())), keys, batch -> {});
            double sealedSeconds = (System.nanoTime() - start) / 1e9;
            boolean idle = Drain.untilIdle(vault, client, workers.settings(), () -> {});
            double seconds = (System.nanoTime() - start) / 1e9;
            result.put("jobs", summary.jobs());
            result.put("workers", runner.settings().instances());
            result.put("batch_messages", batchMessages);
            result.put("idle", idle);
            result.put("sealed_and_queued_seconds", round(sealedSeconds));
            result.put("seconds_to_searchable", round(seconds));
            result.put("msgs_per_s", round(summary.newMessages() / seconds));
            result.put("status", Output.statusFields(client.status().total()));

            SearchRequest request = SearchRequest.of(QUERY, 10);
            long first = System.nanoTime();
            SearchResults results = client.search(request, keys, vault.embedder());
            result.put("search_first_ms", (System.nanoTime() - first) / 1_000_000);
            long again = System.nanoTime();
            client.search(request, keys, vault.embedder());
            result.put("search_ms", (System.nanoTime() - again) / 1_000_000);
            result.put("searched", results.searched());
            if (service) {
                Map<String, Object> comparison = new LinkedHashMap<>(statusLatency(vault));
                comparison.putAll(compareTransports(work, export, passphrase));
                result.put("service", comparison);
            }
            result.put("peak_rss_mb", ProcessStats.peakRssMiB());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException("interrupted");
        } finally {
            if (keep) {
                result.put("home", home.toString());
            } else {
                deleteRecursively(work);
            }
        }
        print(result);
        return Main.EXIT_OK;
    }

    /**
     * The same import through the client's two ways to its service, each time on a fresh vault: an in-process
     * call (no HTTP, no token) and HTTP on loopback, {@link #rounds} times each in the order ABBA..., so that a
     * machine whose load drifts weighs on both alike. Reports every time and the ratio of the medians.
     */
    private Map<String, Object> compareTransports(Path work, Path export, char[] passphrase)
            throws InterruptedException {
        List<Double> inProcess = new ArrayList<>();
        List<Double> http = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            for (boolean overHttp : round % 2 == 0 ? new boolean[] {false, true} : new boolean[] {true, false}) {
                Path home = work.resolve("compare-" + round + (overHttp ? "-http" : "-in-process"));
                (overHttp ? http : inProcess).add(timeImport(home, export, passphrase, overHttp));
            }
        }
        Map<String, Object> comparison = new LinkedHashMap<>();
        comparison.put("rounds", rounds);
        comparison.put(
                "in_process_seconds_to_searchable",
                inProcess.stream().map(PipelineCommand::round).toList());
        comparison.put(
                "http_seconds_to_searchable",
                http.stream().map(PipelineCommand::round).toList());
        comparison.put("http_over_in_process", round(median(http) / median(inProcess)));
        return comparison;
    }

    /** Seconds from the import's start to fully searchable, on a fresh vault at {@code home}. */
    private double timeImport(Path home, Path export, char[] passphrase, boolean overHttp) throws InterruptedException {
        createVault(home, passphrase);
        try (OpenVault vault = OpenVault.open(home);
                UserKeys keys = vault.home().unlock(passphrase)) {
            vault.stack().store();
            vault.stack().queue();
            vault.stack().blobs();
            vault.embedder();
            VaultClient.Settings settings = new VaultClient.Settings(batchMessages, 512 * 1024);
            VaultClient client = overHttp ? vault.client(settings) : vault.clientInProcess(settings);
            long start = System.nanoTime();
            vault.runner(workers.settings());
            client.importFiles(List.of(ChatImporter.prepare(export, ImportOptions.defaults())), keys, batch -> {});
            Drain.untilIdle(vault, client, workers.settings(), () -> {});
            return (System.nanoTime() - start) / 1e9;
        }
    }

    /** A fresh vault for the benchmark's model. */
    private void createVault(Path home, char[] passphrase) {
        VaultHome.create(
                home,
                passphrase,
                Argon2Settings.DEFAULT,
                embedder,
                EmbedderProvider.modelIdOf(embedder, PipelineCommand.class.getClassLoader()));
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** The service's status call ({@code GET /v1/jobs}) over loopback, timed {@value #STATUS_CALLS} times. */
    private static Map<String, Object> statusLatency(OpenVault vault) {
        long[] micros = new long[STATUS_CALLS];
        for (int i = 0; i < STATUS_CALLS; i++) {
            long begin = System.nanoTime();
            vault.api().jobs();
            micros[i] = (System.nanoTime() - begin) / 1_000;
        }
        java.util.Arrays.sort(micros);
        Map<String, Object> latency = new LinkedHashMap<>();
        latency.put("status_calls", STATUS_CALLS);
        latency.put("status_p50_ms", micros[STATUS_CALLS / 2] / 1000.0);
        latency.put("status_p90_ms", micros[STATUS_CALLS * 9 / 10] / 1000.0);
        return latency;
    }

    private Corpus corpus() {
        if (corpus != null) {
            return Corpus.fromFile(corpus, messages);
        }
        Path shared = SharedData.find(Corpus.SHARED_CORPUS);
        return shared != null ? Corpus.fromFile(shared, messages) : Corpus.generated(messages);
    }

    /** The corpus as an Android WhatsApp export: three senders, a message a minute. */
    static Path writeExport(Corpus corpus, Path file) throws IOException {
        DateTimeFormatter stamp = DateTimeFormatter.ofPattern("dd/MM/yyyy, HH:mm");
        String[] senders = {"Ana", "Ben", "Chloé"};
        LocalDateTime time = LocalDateTime.parse("2022-01-01T08:00");
        StringBuilder text = new StringBuilder();
        List<String> lines = corpus.messages();
        for (int i = 0; i < lines.size(); i++) {
            text.append(stamp.format(time.plusMinutes(i)))
                    .append(" - ")
                    .append(senders[i % senders.length])
                    .append(": ")
                    .append(lines.get(i))
                    .append('\n');
        }
        return Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private static long millis(Supplier<?> start) {
        long begin = System.nanoTime();
        start.get();
        return (System.nanoTime() - begin) / 1_000_000;
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    private void print(Map<String, Object> result) {
        if (common.json()) {
            new Output(common).json(result);
            return;
        }
        PrintWriter out = spec.commandLine().getOut();
        result.forEach((key, value) -> out.printf("%-26s %s%n", key, value));
    }

    private static void deleteRecursively(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // A temporary folder; the OS cleans it eventually.
        }
    }
}
