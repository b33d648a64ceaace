package io.mailroom.campaign.fanout;

import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;

/**
 * Drives {@link FanoutBatch} back to back while some running campaign has audience left, and polls when idle.
 * Started with the service, so a fan-out interrupted by a crash resumes from its committed cursor on restart.
 */
@ApplicationScoped
public class FanoutWorker {
    private static final Logger LOG = Logger.getLogger(FanoutWorker.class);
    private static final long IDLE_POLL_MS = 500;

    @Inject
    FanoutBatch batch;

    @Inject
    Vertx vertx;

    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean stopped = new AtomicBoolean();

    private long timer;

    void start(@Observes StartupEvent ev) {
        timer = vertx.setPeriodic(IDLE_POLL_MS, id -> wake());
    }

    void stop(@Observes ShutdownEvent ev) {
        stopped.set(true);
        vertx.cancelTimer(timer);
    }

    /** Starts a drain now unless one is already running (called when a campaign starts or resumes). */
    public void wake() {
        if (!stopped.get() && running.compareAndSet(false, true)) {
            drain();
        }
    }

    private void drain() {
        if (stopped.get()) {
            return;
        }
        batch.runOnce().subscribe().with(
                n -> {
                    if (n > 0) {
                        drain();
                    } else {
                        running.set(false);
                    }
                },
                e -> {
                    LOG.warnf("fan-out batch failed, the next poll retries it: %s", e.toString());
                    running.set(false);
                });
    }
}
