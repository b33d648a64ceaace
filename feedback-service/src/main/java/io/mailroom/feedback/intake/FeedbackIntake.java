package io.mailroom.feedback.intake;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;

/**
 * Stores verified notifications durably and idempotently, grouping the ones that arrive together into one
 * transaction ({@link BatchWriter}). The returned Uni completes after that transaction committed, so callers
 * acknowledge only what is stored; it fails with {@link StoreUnavailableException} when nothing could be stored.
 *
 * <p>Group commit, hand-written because Mutiny groups by size or time only: a batch starts as soon as one of
 * {@code concurrent-batches} writers is free and takes everything waiting (up to {@code max-batch}), so a lone
 * notification is written at once and a burst fills the next transaction while the current one commits.
 */
@ApplicationScoped
public class FeedbackIntake {
    private static final Logger LOG = Logger.getLogger(FeedbackIntake.class);

    private final BatchWriter writer;
    private final FeedbackMetrics metrics;
    private final int maxBatch;
    private final int concurrentBatches;
    private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
    private int writing;

    FeedbackIntake(BatchWriter writer, FeedbackMetrics metrics,
            @ConfigProperty(name = "mailroom.intake.max-batch", defaultValue = "200") int maxBatch,
            @ConfigProperty(name = "mailroom.intake.concurrent-batches", defaultValue = "2") int concurrentBatches) {
        this.writer = writer;
        this.metrics = metrics;
        this.maxBatch = maxBatch;
        this.concurrentBatches = concurrentBatches;
    }

    public Uni<IngestResult> ingest(InboundNotification n) {
        return Uni.createFrom().<IngestResult>emitter(emitter -> enqueue(new Pending(n, emitter)))
                .invoke(result -> metrics.recorded(n, result));
    }

    private void enqueue(Pending pending) {
        List<Pending> batch;
        synchronized (waiting) {
            waiting.add(pending);
            batch = nextBatch();
        }
        if (batch != null) {
            write(batch);
        }
    }

    /** Under the lock: the next batch to write, or null when none is waiting or every writer is busy. */
    private List<Pending> nextBatch() {
        if (waiting.isEmpty() || writing >= concurrentBatches) {
            return null;
        }
        writing++;
        List<Pending> batch = new ArrayList<>(Math.min(waiting.size(), maxBatch));
        while (!waiting.isEmpty() && batch.size() < maxBatch) {
            batch.add(waiting.poll());
        }
        return batch;
    }

    private void write(List<Pending> batch) {
        writer.write(batch.stream().map(Pending::notification).toList())
                .onItem().invoke(results -> {
                    for (int i = 0; i < batch.size(); i++) {
                        batch.get(i).emitter().complete(results.get(i));
                    }
                })
                .replaceWithVoid()
                .onFailure().recoverWithUni(e -> batch.size() == 1 ? fail(batch.get(0), e) : writeEachAlone(batch, e))
                .subscribe().with(x -> writerDone(), e -> writerDone());
    }

    // One notification the database refuses (say a message id too large for its index) must not fail the others of its batch.
    private Uni<Void> writeEachAlone(List<Pending> batch, Throwable batchFailure) {
        LOG.debugf("a batch of %d failed (%s), writing each notification alone", batch.size(), batchFailure);
        return Uni.join().all(batch.stream().map(p -> writer.write(List.of(p.notification()))
                .onItem().invoke(results -> p.emitter().complete(results.get(0)))
                .replaceWithVoid()
                .onFailure().recoverWithUni(e -> fail(p, e))).toList())
                .andCollectFailures().replaceWithVoid();
    }

    private static Uni<Void> fail(Pending p, Throwable e) {
        p.emitter().fail(new StoreUnavailableException(p.notification().messageId(), e));
        return Uni.createFrom().voidItem();
    }

    private void writerDone() {
        List<Pending> next;
        synchronized (waiting) {
            writing--;
            next = nextBatch();
        }
        if (next != null) {
            write(next);
        }
    }

    private record Pending(InboundNotification notification, UniEmitter<? super IngestResult> emitter) {
    }
}
