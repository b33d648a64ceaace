package io.mailroom.campaign.fanout;

import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.mailroom.campaign.recipient.RequeuePages;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;

/**
 * Drives {@link FanoutBatch} and the resume's {@link RequeuePages} back to back while some running campaign has work
 * left, and polls when idle. Started with the service, so a fan-out or a resume interrupted by a crash continues
 * from its committed cursor on restart.
 */
@ApplicationScoped
public class FanoutWorker {
    private static final Logger LOG = Logger.getLogger(FanoutWorker.class);
    private static final long IDLE_POLL_MS = 500;

    @Inject
    FanoutBatch batch;

    @Inject
    RequeuePages requeue;

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
        requeue.runOnce().flatMap(requeued -> batch.runOnce().map(fannedOut -> requeued || fannedOut))
                .subscribe().with(
                worked -> {
                    if (worked) {
                        drain();
                    } else {
                        running.set(false);
                    }
                },
                e -> {
                    LOG.warnf("fan-out or requeue batch failed, the next poll retries it: %s", e.toString());
                    running.set(false);
                });
    }
}
