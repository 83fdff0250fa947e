package dev.pvault.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole system with the real model: a real public WhatsApp export (from ../shared/data) imported end to
 * end in local mode, then found again by queries that share almost no words with the messages.
 */
class SemanticSearchIT {
    static final Path EXPORT = Path.of(System.getProperty("pv.shared.dir", "../../shared"))
            .resolve("data/whatsapp/whatsreader__android-private-chat.txt");

    @TempDir
    Path dir;

    Path home;
    Path passphrase;

    @BeforeEach
    void vault() throws IOException {
        assumeTrue(Files.isRegularFile(EXPORT), "shared test data not found at " + EXPORT + "; skipping");
        home = dir.resolve("vault");
        passphrase = Files.writeString(dir.resolve("pass"), "correct horse battery staple");
        assertThat(pvault("init").exitCode()).isZero();
    }

    private CliTest.Run pvault(String... args) {
        List<String> full = new ArrayList<>(List.of(args));
        full.addAll(List.of("--home", home.toString(), "--passphrase-file", passphrase.toString()));
        return CliTest.pvault(full.toArray(String[]::new));
    }

    private JsonNode json(String... args) throws IOException {
        CliTest.Run run = pvault(args);
        assertThat(run.exitCode()).as(run.err()).isZero();
        return LocalModeIT.JSON.readTree(run.out());
    }

    private List<String> topTexts(String query, int k) throws IOException {
        List<String> texts = new ArrayList<>();
        json("search", query, "-k", Integer.toString(k), "--json")
                .get("results")
                .forEach(hit -> texts.add(hit.get("text").asText()));
        return texts;
    }

    @Test
    void aRealExport_isFoundAgainByParaphrase() throws IOException {
        JsonNode imported = json("import", EXPORT.toString(), "--json");
        assertThat(imported.get("messages").asInt())
                .isEqualTo(43); // 45 lines: the encryption notice and a security-code line are system lines
        assertThat(imported.get("media").asInt()).isEqualTo(4);
        assertThat(imported.at("/status/done").asInt()).isEqualTo(43);
        LocalModeIT.assertAddsUp(imported.get("status"));

        assertThat(topTexts("which coffee place did he suggest", 3))
                .anySatisfy(text -> assertThat(text).contains("The Cozy Bean"));
        assertThat(topTexts("she replaced her phone recently", 3))
                .anySatisfy(text -> assertThat(text).contains("upgrade from your old phone"));
        assertThat(topTexts("I will be there a little late", 3))
                .anySatisfy(text -> assertThat(text).contains("Running 5 minutes late"));
        assertThat(topTexts("the view from her flat at dawn", 1))
                .singleElement()
                .satisfies(text -> assertThat(text).contains("photo from my balcony this morning"));

        // Media placeholders are kept in the vault but not embedded: no search returns them.
        assertThat(topTexts("photo attached", 40))
                .noneSatisfy(text -> assertThat(text).endsWith("(file attached)"));
    }
}
