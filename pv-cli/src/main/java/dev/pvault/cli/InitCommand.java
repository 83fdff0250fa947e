package dev.pvault.cli;

import dev.pvault.client.VaultHome;
import dev.pvault.core.UserException;
import dev.pvault.core.crypto.Argon2Settings;
import dev.pvault.core.embed.EmbedderProvider;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code pvault init}: a new vault with fresh keys. */
@Command(
        name = "init",
        mixinStandardHelpOptions = true,
        description = {
            "Create a new vault: your key pair (sealed under a passphrase with Argon2id), the key that names your"
                    + " messages, and a local worker key.",
            "",
            "Refuses to touch an existing vault. Keep the passphrase: without it nothing in the vault can be read,"
                    + " by you or anyone."
        })
final class InitCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Mixin
    PassphraseOptions passphrase;

    @Option(
            names = "--embedder",
            paramLabel = "ID",
            defaultValue = VaultHome.DEFAULT_EMBEDDER,
            description = "The vault's embedding model: onnx:all-minilm-l6-v2 (default), onnx:all-minilm-l6-v2-q,"
                    + " onnx:bge-small-en-v1.5-q or onnx:/path/to/model-dir. Every message is embedded with it once.")
    String embedder;

    @Override
    public Integer call() {
        if (!EmbedderProvider.isAvailable(embedder, InitCommand.class.getClassLoader())) {
            throw new UserException("no embedder \"" + embedder + "\" in this build (try onnx:all-minilm-l6-v2)");
        }
        // The model id goes into vault.json, so that commands that only count or delete never load the model.
        String model = EmbedderProvider.modelIdOf(embedder, InitCommand.class.getClassLoader());
        VaultHome home;
        try (Passphrase secret = passphrase.readNew()) {
            home = VaultHome.create(common.home(), secret.chars(), Argon2Settings.DEFAULT, embedder, model);
        }
        VaultHome.Descriptor d = home.descriptor();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("home", home.root().toString());
        result.put("userId", d.userId().toString());
        result.put("userKeyId", d.userKeyId());
        result.put("workerKeyId", d.workerKeyId());
        result.put("embedder", d.embedder());
        result.put("model", model);
        Output output = new Output(common);
        if (common.json()) {
            output.json(result);
        } else {
            output.line("Created a vault in " + home.root());
            output.line("  user id        " + d.userId());
            output.line("  user key id    " + d.userKeyId());
            output.line("  worker key id  " + d.workerKeyId());
            output.line("Keep your passphrase safe: it is the only way to open this vault.");
        }
        return Main.EXIT_OK;
    }
}
