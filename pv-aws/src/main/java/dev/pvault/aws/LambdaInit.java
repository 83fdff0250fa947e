package dev.pvault.aws;

import dev.pvault.core.VaultException;
import java.time.InstantSource;
import org.crac.Core;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * The Lambda function's init, run by {@link EmbedFunction}'s no-argument constructor: the worker runtime on
 * the default credentials chain (environment variables on demand, the container endpoint after a SnapStart
 * restore), with the model loading and priming on a thread of its own ({@link PrimedEmbedder}) while the SDK
 * clients are built on this one; it returns once the model is loaded, so a model that cannot load fails the
 * init. The embedder is registered for SnapStart's runtime hooks (through {@code org.crac}; outside Lambda the
 * registration does nothing).
 *
 * <p>Nothing here creates a key, reads a secret, draws randomness or opens a connection: the keyring and the
 * database login are read, and the store connects, on the first job (SnapStartIT shows it).
 */
final class LambdaInit {
    private LambdaInit() {}

    static WorkerRuntime start(WorkerConfig config) {
        PrimedEmbedder embedder = PrimedEmbedder.start(config.embedder(), LambdaInit.class.getClassLoader());
        WorkerRuntime runtime;
        try {
            runtime = WorkerRuntime.start(
                    config, DefaultCredentialsProvider.builder().build(), InstantSource.system(), embedder);
        } catch (RuntimeException | Error e) {
            embedder.close();
            throw e;
        }
        try {
            embedder.await();
        } catch (RuntimeException | Error e) {
            try {
                runtime.close();
            } catch (VaultException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
        Core.getGlobalContext().register(embedder);
        return runtime;
    }
}
