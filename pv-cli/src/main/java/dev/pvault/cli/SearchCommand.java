package dev.pvault.cli;

import dev.pvault.client.SearchHit;
import dev.pvault.client.SearchRequest;
import dev.pvault.client.SearchResults;
import dev.pvault.core.UserException;
import dev.pvault.core.crypto.MessageIdKey;
import dev.pvault.core.crypto.UserKeys;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pvault search}: semantic search over the vault, opened on this device. */
@Command(
        name = "search",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Search your messages by meaning. The query is embedded here, with the vault's local model; your"
                    + " sealed vectors are opened here and ranked by cosine similarity; only the batches holding"
                    + " the best hits are opened to show them. Nothing is sent anywhere.",
        })
final class SearchCommand implements Callable<Integer> {
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm");

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "QUERY", description = "What to look for, in your own words.")
    List<String> query;

    @Option(
            names = "-k",
            paramLabel = "N",
            defaultValue = "10",
            description = "How many hits (default ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--chat", paramLabel = "C", description = "Only chats whose name contains C (any case).")
    String chat;

    @Option(names = "--from", paramLabel = "S", description = "Only senders whose name contains S (any case).")
    String sender;

    @Option(
            names = "--after",
            paramLabel = "DATE",
            description = "Only messages at or after DATE (2024-03-01 or 2024-03-01T09:30).")
    String after;

    @Option(names = "--before", paramLabel = "DATE", description = "Only messages before DATE.")
    String before;

    @Mixin
    CommonOptions common;

    @Mixin
    PassphraseOptions passphrase;

    @Override
    public Integer call() {
        SearchRequest request = new SearchRequest(
                String.join(" ", query), k, chat, sender, date("--after", after), date("--before", before));
        SearchResults results;
        try (VaultSession session =
                        VaultSession.open(common, OpenVault.Need.STORE, OpenVault.Need.BLOBS, OpenVault.Need.EMBEDDER);
                UserKeys keys = session.unlock(passphrase)) {
            OpenVault vault = session.vault();
            results = vault.client().search(request, keys, vault.embedder());
        }
        print(spec.commandLine().getOut(), common, request, results);
        return Main.EXIT_OK;
    }

    /** The JSON shape DESIGN.md section 6 gives: {"query","results":[{"rank","score","chat","sender","time","text"}]}. */
    static Map<String, Object> json(SearchRequest request, SearchResults results) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("query", request.query());
        List<Map<String, Object>> hits = new ArrayList<>();
        for (SearchHit hit : results.hits()) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("rank", hit.rank());
            fields.put("score", Math.round(hit.score() * 10_000) / 10_000.0);
            fields.put("chat", hit.chat());
            fields.put("sender", hit.sender());
            fields.put("time", MessageIdKey.TIME_FORMAT.format(hit.time()));
            fields.put("text", hit.text());
            hits.add(fields);
        }
        json.put("results", hits);
        json.put("model", results.model());
        json.put("searched", results.searched());
        json.put("millis", results.millis());
        return json;
    }

    static void print(PrintWriter out, CommonOptions common, SearchRequest request, SearchResults results) {
        if (common.json()) {
            new Output(common).json(json(request, results));
            return;
        }
        printText(out, request, results);
    }

    static void printText(PrintWriter out, SearchRequest request, SearchResults results) {
        if (results.hits().isEmpty()) {
            out.println(
                    results.searched() == 0
                            ? "Nothing to search yet: import a chat first ('pvault import --help')."
                            : "No message matches the filters.");
            return;
        }
        for (SearchHit hit : results.hits()) {
            out.printf(
                    Locale.ROOT,
                    "%2d. %.3f  %s  %s  %s%n",
                    hit.rank(),
                    hit.score(),
                    TIME.format(hit.time()),
                    hit.chat(),
                    hit.sender());
            hit.text().lines().forEach(line -> out.println("      " + line));
        }
        out.printf("(%,d messages searched in %d ms)%n", results.searched(), results.millis());
    }

    private static LocalDateTime date(String option, String value) {
        if (value == null) {
            return null;
        }
        try {
            return value.length() <= 10 ? LocalDate.parse(value).atStartOfDay() : LocalDateTime.parse(value);
        } catch (DateTimeParseException e) {
            throw new UserException(option + " takes a date like 2024-03-01 or 2024-03-01T09:30, not '" + value + "'");
        }
    }
}
