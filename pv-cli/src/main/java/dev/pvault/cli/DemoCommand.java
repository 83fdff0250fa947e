package dev.pvault.cli;

import dev.pvault.client.SearchRequest;
import dev.pvault.client.SearchResults;
import dev.pvault.client.VaultHome;
import dev.pvault.client.importer.ChatImporter;
import dev.pvault.client.importer.ImportOptions;
import dev.pvault.client.importer.PreparedImport;
import dev.pvault.core.InternalException;
import dev.pvault.core.crypto.Argon2Settings;
import dev.pvault.core.crypto.UserKeys;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code pvault demo}: the whole system on this machine in one command. A fresh vault, three sample chats
 * this project wrote (201 messages in three WhatsApp export variants) imported through the same path as
 * {@code pvault import}, then three searches whose words differ from the messages they find.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Create a vault in a fresh temporary folder (or --home), import three sample chats written for this"
                    + " demo, and run three example searches. Everything runs here: S3, SQS and PostgreSQL on"
                    + " loopback, the embedding model in this process.",
            "",
            "The vault is kept afterwards so you can try your own searches; the command to do so is printed."
        })
final class DemoCommand implements Callable<Integer> {
    static final List<String> CHATS =
            List.of("WhatsApp Chat with Family.txt", "Hike crew.txt", "WhatsApp Chat with Atlas project.txt");
    static final List<String> SEARCHES = List.of(
            "when does Tom have to see the dentist",
            "who is bringing a tent for the camping trip",
            "people could not sign in after the release");
    static final String DEMO_PASSPHRASE = "pvault demo passphrase";

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    WorkerOptions workers;

    @Override
    public Integer call() throws IOException {
        Path home = common.homeGiven() ? common.home() : Files.createTempDirectory("pvault-demo-");
        String passphrase = System.getenv(PassphraseOptions.ENV);
        if (passphrase == null || passphrase.isEmpty()) {
            passphrase = DEMO_PASSPHRASE;
        }
        boolean quiet = common.json();
        PrintWriter out = spec.commandLine().getOut();
        say(out, quiet, "Creating a vault in " + home);
        VaultHome.create(home, passphrase.toCharArray(), Argon2Settings.DEFAULT);

        Path samples = Files.createTempDirectory("pvault-demo-chats-");
        List<Map<String, Object>> searches = new ArrayList<>();
        LocalImport.Outcome outcome;
        try (VaultSession session = VaultSession.open(home, OpenVault.Need.values());
                Passphrase secret = new Passphrase(passphrase.toCharArray());
                UserKeys keys = session.unlock(secret)) {
            OpenVault vault = session.vault();
            List<PreparedImport> files = new ArrayList<>();
            for (String chat : CHATS) {
                files.add(ChatImporter.prepare(extract(chat, samples), ImportOptions.defaults()));
            }
            say(
                    out,
                    quiet,
                    "Importing " + CHATS.size() + " sample chats (starting S3, SQS and PostgreSQL on loopback,"
                            + " loading the model)...");
            outcome = LocalImport.run(vault, keys, files, workers.settings(), quiet);
            say(
                    out,
                    quiet,
                    String.format(
                            "Imported %,d messages in %,d jobs; %,d embedded or present, %,d failed, in %.1f s.%n",
                            outcome.summary().newMessages(),
                            outcome.summary().jobs(),
                            outcome.counts().done(),
                            outcome.counts().failed() + outcome.counts().dead(),
                            outcome.seconds()));
            for (String query : SEARCHES) {
                SearchRequest request = SearchRequest.of(query, 3);
                SearchResults results = vault.client().search(request, keys, vault.embedder());
                searches.add(SearchCommand.json(request, results));
                if (!quiet) {
                    out.println("Search: " + query);
                    SearchCommand.printText(out, request, results);
                    out.println();
                }
            }
        } finally {
            deleteRecursively(samples);
        }
        if (quiet) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("home", home.toString());
            json.put("imported", outcome.summary().newMessages());
            json.put("status", Output.statusFields(outcome.counts()));
            json.put("seconds", Math.round(outcome.seconds() * 1000) / 1000.0);
            json.put("searches", searches);
            new Output(common).json(json);
        } else {
            out.println("Try your own search:");
            // The demo's own passphrase is printed; one the user set in the environment never is.
            String shown = passphrase.equals(DEMO_PASSPHRASE) ? "PV_PASSPHRASE='" + DEMO_PASSPHRASE + "' " : "";
            out.println("  " + shown + "./pvault search --home " + home + " \"your words here\"");
            out.println("Remove the demo vault with: rm -rf " + home);
        }
        return Main.EXIT_OK;
    }

    private static void say(PrintWriter out, boolean quiet, String line) {
        if (!quiet) {
            out.println(line);
            out.flush();
        }
    }

    /** Copies a sample chat out of the jar; the importer reads files (twice: it decides date order first). */
    private static Path extract(String name, Path folder) throws IOException {
        try (InputStream in = DemoCommand.class.getResourceAsStream("/demo/" + name)) {
            if (in == null) {
                throw new InternalException("the sample chat " + name + " is missing from this build");
            }
            Path file = folder.resolve(name);
            Files.copy(in, file);
            return file;
        }
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
