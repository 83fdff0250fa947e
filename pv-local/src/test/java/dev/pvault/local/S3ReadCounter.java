package dev.pvault.local;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;

/**
 * Counts the object bytes that the S3 clients of this JVM read from GetObject responses, so that a test sees
 * whether a client stopped a download. The SDK adds it to every client it builds (it is listed in this module's
 * test resources under software/amazon/awssdk/global/handlers/execution.interceptors), so the adapters under test
 * keep the very configuration they build; hence the count is one for the JVM, and tests compare it before and
 * after.
 */
public final class S3ReadCounter implements ExecutionInterceptor {
    private static final AtomicLong READ = new AtomicLong();

    /** Object bytes read so far in this JVM. */
    static long bytesRead() {
        return READ.get();
    }

    @Override
    public Optional<InputStream> modifyHttpResponseContent(
            Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
        Optional<InputStream> body = context.responseBody();
        return context.request() instanceof GetObjectRequest ? body.map(Counting::new) : body;
    }

    private static final class Counting extends FilterInputStream {
        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                READ.incrementAndGet();
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                READ.addAndGet(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n); // skipped bytes were downloaded all the same
            READ.addAndGet(skipped);
            return skipped;
        }
    }
}
