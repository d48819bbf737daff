package io.crowsnest.gateway.api;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.configuration.MemorySize;

/**
 * Counts the bytes of a request body sent without a Content-Length (HTTP/2 DATA frames that end
 * the stream; see {@link BodyLimit}) as the route reads them, and refuses the request 413
 * problem+json once they pass quarkus.http.limits.max-body-size: the size is learnt while reading,
 * nothing is read past the limit plus one, and the route never sees such a body. A body with its
 * Content-Length was checked before it was read.
 */
@Provider
public class CountedBody implements ReaderInterceptor {

    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    MemorySize limit;

    /** A body that passed the limit while it was read. */
    public static final class TooLarge extends RuntimeException {

        private final long max;

        TooLarge(long max) {
            super(null, null, false, false);
            this.max = max;
        }

        Problem toProblem() {
            return BodyLimit.tooLarge("the request body is over " + max + " bytes (counted as it arrived, without a"
                    + " Content-Length); the gateway accepts at most " + max + " bytes", max);
        }
    }

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        List<String> declared = context.getHeaders().get(HttpHeaders.CONTENT_LENGTH);
        if (declared == null || declared.isEmpty()) {
            context.setInputStream(new Counting(context.getInputStream(), limit.asLongValue()));
        }
        return context.proceed();
    }

    /** Passes bytes through until more than {@code max} have been read, then refuses. */
    static final class Counting extends FilterInputStream {

        private final long max;
        private long read;

        Counting(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            // never asks for more than one byte past the limit: what lies beyond is not read
            int n = super.read(buffer, offset, (int) Math.min(length, Math.max(1, max + 1 - read)));
            if (n > 0) {
                count(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(Math.min(n, Math.max(1, max + 1 - read)));
            count(skipped);
            return skipped;
        }

        private void count(long n) {
            read += n;
            if (read > max) {
                throw new TooLarge(max);
            }
        }
    }
}
