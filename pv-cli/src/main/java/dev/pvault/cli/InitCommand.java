package dev.pvault.cli;

import dev.pvault.client.VaultClient;
import dev.pvault.client.VaultHome;
import dev.pvault.client.http.HttpVaultApi;
import dev.pvault.core.UserException;
import dev.pvault.core.api.Me;
import dev.pvault.core.api.WorkerInfo;
import dev.pvault.core.crypto.Argon2Settings;
import dev.pvault.core.embed.EmbedderProvider;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
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
            "With --service URL the vault is bound to a vault service (a deployed stack, or 'pvault serve'): your"
                    + " user id is your token's, the service's worker key is pinned, and every later command reaches"
                    + " the vault through that service with your token ($PV_TOKEN or --token-file).",
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
            names = "--service",
            paramLabel = "URL",
            description = "Bind the vault to the vault service at URL (a deployed stack's ApiUrl, or 'pvault serve'):"
                    + " its data then lives there, reached with your bearer token ($PV_TOKEN or --token-file).")
    URI service;

    @Option(
            names = "--embedder",
            paramLabel = "ID",
            description = "The vault's embedding model: onnx:all-minilm-l6-v2 (default), onnx:all-minilm-l6-v2-q,"
                    + " onnx:bge-small-en-v1.5-q or onnx:/path/to/model-dir. Every message is embedded with it once."
                    + " With --service: the service's model unless given (it must be one the service embeds with).")
    String embedder;

    @Override
    public Integer call() {
        VaultHome home = service == null ? createLocal() : createForService();
        String model = home.descriptor().model().orElseThrow();
        VaultHome.Descriptor d = home.descriptor();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("home", home.root().toString());
        result.put("userId", d.userId().toString());
        result.put("userKeyId", d.userKeyId());
        result.put("workerKeyId", d.workerKeyId());
        result.put("embedder", d.embedder());
        result.put("model", model);
        d.service().ifPresent(url -> result.put("service", url.toString()));
        Output output = new Output(common);
        if (common.json()) {
            output.json(result);
        } else {
            output.line("Created a vault in " + home.root());
            output.line("  user id        " + d.userId());
            output.line("  user key id    " + d.userKeyId());
            output.line("  worker key id  " + d.workerKeyId());
            d.service().ifPresent(url -> output.line("  service        " + url));
            output.line("Keep your passphrase safe: it is the only way to open this vault.");
        }
        return Main.EXIT_OK;
    }

    private VaultHome createLocal() {
        String spec = embedder == null ? VaultHome.DEFAULT_EMBEDDER : embedder;
        requireAvailable(spec);
        // The model id goes into vault.json, so that commands that only count or delete never load the model.
        String model = EmbedderProvider.modelIdOf(spec, InitCommand.class.getClassLoader());
        try (Passphrase secret = passphrase.readNew()) {
            return VaultHome.create(common.home(), secret.chars(), Argon2Settings.DEFAULT, spec, model);
        }
    }

    /**
     * A vault bound to a service: the user id is the token's, the worker key is pinned as the service gives it,
     * the model is the service's (queries are embedded here with the same one), and the public key is registered.
     */
    private VaultHome createForService() {
        if (!"http".equals(service.getScheme()) && !"https".equals(service.getScheme())) {
            throw new UserException("--service takes an http or https URL, not '" + service + "'");
        }
        HttpVaultApi api = new HttpVaultApi(
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(),
                service,
                common::serviceToken,
                Duration.ofSeconds(30));
        Me me = api.me();
        WorkerInfo worker = api.worker();
        String model = embedder != null
                ? EmbedderProvider.modelIdOf(embedder, InitCommand.class.getClassLoader())
                : worker.models().stream()
                        .sorted()
                        .findFirst()
                        .orElseThrow(() -> new UserException("the service at " + service + " names no model"));
        if (!worker.models().contains(model)) {
            throw new UserException("the service at " + service + " embeds with " + String.join(", ", worker.models())
                    + ", not " + model);
        }
        String spec = embedder != null ? embedder : model;
        requireAvailable(spec);
        VaultHome home;
        try (Passphrase secret = passphrase.readNew()) {
            home = VaultHome.createForService(
                    common.home(),
                    secret.chars(),
                    Argon2Settings.DEFAULT,
                    me.userId(),
                    api.base(),
                    worker.publicKey(),
                    spec,
                    model);
        }
        VaultClient.register(api, home.userPublicKey());
        return home;
    }

    private static void requireAvailable(String spec) {
        if (!EmbedderProvider.isAvailable(spec, InitCommand.class.getClassLoader())) {
            throw new UserException("no embedder \"" + spec + "\" in this build (try onnx:all-minilm-l6-v2)");
        }
    }
}
