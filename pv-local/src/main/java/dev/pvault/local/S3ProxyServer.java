package dev.pvault.local;

import dev.pvault.core.VaultException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * s3proxy on the {@code filesystem-nio2} backend (the plain {@code filesystem} one lists directory
 * placeholders as objects), storing objects as files under the home, on 127.0.0.1 and a free port, with AWS
 * signature checks on and {@code ignoreUnknownHeaders} (SDK 2.30+ sends checksum headers it does not know).
 */
final class S3ProxyServer implements AutoCloseable {
    private final S3Proxy proxy;
    private final BlobStoreContext context;
    private final URI endpoint;

    private S3ProxyServer(S3Proxy proxy, BlobStoreContext context, URI endpoint) {
        this.proxy = proxy;
        this.context = context;
        this.endpoint = endpoint;
    }

    static S3ProxyServer start(Path dir, String bucket) {
        BlobStoreContext context = null;
        try {
            Files.createDirectories(dir);
            Properties properties = new Properties();
            properties.setProperty(
                    "jclouds.filesystem.basedir", dir.toAbsolutePath().toString());
            context = ContextBuilder.newBuilder("filesystem-nio2")
                    .credentials(LocalCloud.ACCESS_KEY, LocalCloud.SECRET_KEY)
                    .overrides(properties)
                    .build(BlobStoreContext.class);
            context.getBlobStore().createContainerInLocation(null, bucket);
            S3Proxy proxy = S3Proxy.builder()
                    .blobStore(context.getBlobStore())
                    .endpoint(URI.create("http://127.0.0.1:0"))
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, LocalCloud.ACCESS_KEY, LocalCloud.SECRET_KEY)
                    .ignoreUnknownHeaders(true)
                    .build();
            proxy.start();
            // Jetty's state name; s3proxy relocates Jetty, so the constant is not referenced.
            while (!"STARTED".equals(proxy.getState())) {
                Thread.sleep(10);
            }
            return new S3ProxyServer(proxy, context, URI.create("http://127.0.0.1:" + proxy.getPort()));
        } catch (Exception e) {
            if (context != null) {
                context.close();
            }
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new VaultException(
                    "cannot start s3proxy on 127.0.0.1 with objects in " + dir + " ("
                            + e.getClass().getSimpleName() + ": " + e.getMessage() + ")",
                    e);
        }
    }

    URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new VaultException(
                    "s3proxy did not stop cleanly (" + e.getClass().getSimpleName() + ")", e);
        } finally {
            context.close();
        }
    }
}
