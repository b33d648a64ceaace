package io.mailroom.bench.export;

import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicLong;

/** Discards what is written, counting bytes and lines (read concurrently by the throughput curve). */
public final class CountingStream extends OutputStream {
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong lines = new AtomicLong();

    @Override
    public void write(int b) {
        bytes.incrementAndGet();
        if (b == '\n') {
            lines.incrementAndGet();
        }
    }

    @Override
    public void write(byte[] b, int off, int len) {
        long nl = 0;
        for (int i = off; i < off + len; i++) {
            if (b[i] == '\n') {
                nl++;
            }
        }
        bytes.addAndGet(len);
        lines.addAndGet(nl);
    }

    public long bytes() {
        return bytes.get();
    }

    public long lines() {
        return lines.get();
    }
}
