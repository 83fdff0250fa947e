package dev.pvault.local;

import dev.pvault.core.UnavailableException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * s3proxy on the {@code filesystem-nio2} backend (the plain {@code filesystem} one lists directory
 * placeholders as objects), storing objects as files under the home, on 127.0.0.1 and a free port, with AWS
 * signature checks on and {@code ignoreUnknownHeaders} (SDK 2.30+ sends checksum headers it does not know).
 */
final class S3ProxyServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(S3ProxyServer.class);
    /** s3proxy's name for an object being written: its key, a dash and a random UUID. */
    private static final Pattern UPLOAD_IN_PROGRESS =
            Pattern.compile(".+-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

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
            removeInterruptedUploads(dir.resolve(bucket));
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
            throw new UnavailableException(
                    "cannot start s3proxy on 127.0.0.1 with objects in " + dir + " ("
                            + e.getClass().getSimpleName() + ": " + e.getMessage() + ")",
                    e);
        }
    }

    /**
     * Deletes what a killed process left of its uploads. The {@code filesystem-nio2} backend writes an object to
     * {@code <key>-<random UUID>} beside its key and renames it into place; a kill -9 between the two leaves that
     * file, without the {@code user.content-md5} attribute, and s3proxy then fails every listing of the bucket
     * (found by CrashRecoveryIT). Nothing else writes such names: every object key of a vault ends in {@code
     * .pvb}, and the home's lock means no upload is in flight while the server starts.
     */
    static int removeInterruptedUploads(Path bucketDir) throws IOException {
        if (!Files.isDirectory(bucketDir)) {
            return 0;
        }
        List<Path> leftovers;
        try (Stream<Path> files = Files.walk(bucketDir)) {
            leftovers = files.filter(Files::isRegularFile)
                    .filter(file -> UPLOAD_IN_PROGRESS
                            .matcher(file.getFileName().toString())
                            .matches())
                    .toList();
        }
        for (Path leftover : leftovers) {
            Files.deleteIfExists(leftover);
        }
        if (!leftovers.isEmpty()) {
            LOG.info("removed {} interrupted upload(s) from {}", leftovers.size(), bucketDir);
        }
        return leftovers.size();
    }

    URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new UnavailableException(
                    "s3proxy did not stop cleanly (" + e.getClass().getSimpleName() + ")", e);
        } finally {
            context.close();
        }
    }
}
