package dev.pvault.local;

import dev.pvault.aws.S3BlobStore;
import dev.pvault.core.worker.BlobStore;
import dev.pvault.core.worker.BlobStoreContract;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The BlobStore contract against {@link S3BlobStore} on s3proxy, in the shared local cloud's bucket. */
class S3BlobStoreIT extends BlobStoreContract {
    private static S3BlobStore store;

    @BeforeAll
    static void connect() {
        LocalCloud.S3 s3 = SharedCloud.get().s3();
        store = S3BlobStore.connect(
                s3.bucket(), Optional.of(s3.region()), Optional.of(s3.endpoint()), LocalCloud.CREDENTIALS);
    }

    @AfterAll
    static void close() {
        store.close();
    }

    @Override
    protected BlobStore store() {
        return store;
    }

    @Override
    protected long bytesRead() {
        return S3ReadCounter.bytesRead();
    }
}
