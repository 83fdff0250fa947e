package dev.pvault.local;

import dev.pvault.core.Lazy;
import dev.pvault.core.api.PresignedRequest;
import dev.pvault.core.crypto.RecipientPublicKey;
import dev.pvault.core.model.UserId;
import dev.pvault.service.Presigner;
import dev.pvault.service.S3BatchPresigner;
import dev.pvault.service.VaultService;
import dev.pvault.service.http.ApiRouter;
import dev.pvault.service.http.ApiServer;
import dev.pvault.service.http.LocalIssuer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;

/**
 * The vault service on one machine: {@link VaultService} over a {@link LocalStack}'s adapters, served on
 * loopback by an {@link ApiServer} that checks bearer tokens of a {@link LocalIssuer} (its key in {@code
 * serviceFolder}), with batch transfers presigned for the loopback S3 server. A local vault's commands run
 * one in their own process; {@code pvault serve} runs one for many users.
 */
public final class LocalService implements AutoCloseable {
    /** How long a presigned transfer stays valid: a batch goes up within seconds of being presigned. */
    public static final Duration PRESIGN_TTL = Duration.ofMinutes(10);

    /**
     * @param workerKey the public key of the local worker's current key
     * @param model the model the local worker embeds with
     * @param port the API's port on 127.0.0.1 (0: a free one)
     * @param threads request threads
     */
    public record Settings(RecipientPublicKey workerKey, String model, int port, int threads) {
        public Settings {
            Objects.requireNonNull(workerKey, "workerKey");
            Objects.requireNonNull(model, "model");
            if (port < 0 || port > 65_535 || threads < 1) {
                throw new IllegalArgumentException("port is 0..65535 and threads at least 1");
            }
        }
    }

    private final LocalIssuer issuer;
    private final VaultService service;
    private final ApiServer server;
    private final Lazy<S3BatchPresigner> presigner;

    private LocalService(LocalIssuer issuer, VaultService service, ApiServer server, Lazy<S3BatchPresigner> presigner) {
        this.issuer = issuer;
        this.service = service;
        this.server = server;
        this.presigner = presigner;
    }

    /** Starts serving; the stack's services start when a request first needs them. */
    public static LocalService start(LocalStack stack, Path serviceFolder, Settings settings, InstantSource clock) {
        LocalIssuer issuer = LocalIssuer.in(serviceFolder, clock);
        // The S3 server's port is known once it runs: presign with it on first use.
        Lazy<S3BatchPresigner> presigner = new Lazy<>(() -> {
            LocalCloud.S3 s3 = stack.cloud().s3();
            return S3BatchPresigner.of(
                    s3.bucket(),
                    Optional.of(s3.region()),
                    Optional.of(s3.endpoint()),
                    LocalCloud.CREDENTIALS,
                    PRESIGN_TTL);
        });
        Presigner lazy = new Presigner() {
            @Override
            public PresignedRequest upload(UserId owner, String objectKey, long contentLength) {
                return presigner.get().upload(owner, objectKey, contentLength);
            }

            @Override
            public PresignedRequest download(UserId owner, String objectKey) {
                return presigner.get().download(owner, objectKey);
            }
        };
        VaultService service =
                new VaultService(stack, lazy, clock, VaultService.Settings.of(settings.workerKey(), settings.model()));
        ApiServer server = ApiServer.start(new ApiRouter(service), issuer, settings.port(), settings.threads());
        return new LocalService(issuer, service, server, presigner);
    }

    public URI url() {
        return server.url();
    }

    public LocalIssuer issuer() {
        return issuer;
    }

    public VaultService service() {
        return service;
    }

    @Override
    public void close() {
        server.close();
        S3BatchPresigner made = presigner.peek();
        if (made != null) {
            made.close();
        }
    }

    @Override
    public String toString() {
        return "LocalService[" + url() + "]";
    }
}
