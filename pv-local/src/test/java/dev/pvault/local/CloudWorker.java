package dev.pvault.local;

import dev.pvault.aws.WorkerConfig;
import dev.pvault.aws.WorkerRuntime;
import dev.pvault.core.crypto.WorkerKeyring;
import dev.pvault.core.embed.Embedder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.InstantSource;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/** The worker's configuration for a local cloud, as environment variables and as a runtime. */
final class CloudWorker {
    static final AwsCredentialsProvider CREDENTIALS = LocalWorkerConfig.CREDENTIALS;

    private CloudWorker() {}

    /** The environment a worker for {@code cloud} runs with, the keyring written to a private file. */
    static Map<String, String> environment(LocalCloud cloud, WorkerKeyring keyring, String embedder) {
        return LocalWorkerConfig.environment(
                cloud, writeKeyring(cloud.home(), keyring), embedder, java.time.Duration.ofMillis(200));
    }

    static WorkerRuntime runtime(LocalCloud cloud, WorkerKeyring keyring, Embedder embedder) {
        WorkerConfig config = WorkerConfig.fromEnvironment(environment(cloud, keyring, embedder.modelId()));
        return WorkerRuntime.start(config, CREDENTIALS, InstantSource.system(), embedder);
    }

    private static Path writeKeyring(Path home, WorkerKeyring keyring) {
        try {
            Path file = Files.createTempFile(
                    home,
                    "worker-keys",
                    ".json",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, keyring.toJson());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
