package io.mailroom.dispatch.ratelimit;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/** The tokens one send was granted: tell them once whether it reached the provider. */
public final class Permit {
    private final List<TokenBucket> buckets = new CopyOnWriteArrayList<>();
    private final AtomicBoolean finished = new AtomicBoolean();
    private volatile boolean waited;

    /** Whether a limit made the send wait for its token. */
    public boolean waited() {
        return waited;
    }

    void markWaited() {
        waited = true;
    }

    void add(TokenBucket bucket) {
        if (bucket != null) {
            buckets.add(bucket);
        }
    }

    /** The send went to the provider: it counts in each limit's window from now. */
    public void sent() {
        finish(true);
    }

    /** Ends the permit without a send (skipped, replayed, failed before the provider); no-op after {@link #sent}. */
    public void release() {
        finish(false);
    }

    private void finish(boolean sent) {
        if (finished.compareAndSet(false, true)) {
            buckets.forEach(b -> b.finished(sent));
        }
    }
}
