package io.mailroom.dispatch.send;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.mailroom.dispatch.metrics.DispatchMetrics;
import io.mailroom.dispatch.sendlog.SendLog;
import io.mailroom.events.SendOutcome;
import io.mailroom.events.Topics;
import io.mailroom.platform.kafka.Consumers;
import io.mailroom.platform.outbox.Outbox;
import io.mailroom.platform.outbox.OutboxMessage;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Publishes outcomes through the outbox, together with the send-log update when there is one. Outcomes are group
 * committed: while one transaction runs, the next ones queue up and go together in the following transaction (one
 * set-based send-log UPDATE and one multi-row outbox INSERT), so the cost per outcome falls as the load rises.
 * Each caller's Uni completes only once its own outcome is committed.
 */
@ApplicationScoped
public class OutcomeWriter {
    private static final int MAX_BATCH = 1000;

    /** One outcome waiting for its transaction. */
    private record Pending(SendOutcome outcome, boolean finishLog, UniEmitter<? super Void> done) {}

    private final Queue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean writing = new AtomicBoolean();

    @Inject
    Pool pool;

    @Inject
    Outbox outbox;

    @Inject
    SendLog sendLog;

    @Inject
    DispatchMetrics metrics;

    /** An outcome that changes no send-log row (skips, deferrals, re-emitted outcomes). */
    public Uni<Void> emit(SendOutcome outcome) {
        return enqueue(outcome, false);
    }

    /** A terminal outcome of an attempt this worker owned: send-log row and outbox row in one transaction. */
    public Uni<Void> complete(SendOutcome outcome) {
        return enqueue(outcome, true);
    }

    private Uni<Void> enqueue(SendOutcome outcome, boolean finishLog) {
        return Uni.createFrom().emitter(emitter -> {
            queue.add(new Pending(outcome, finishLog, emitter));
            writeNext();
        });
    }

    private void writeNext() {
        if (!writing.compareAndSet(false, true)) {
            return;
        }
        List<Pending> batch = new ArrayList<>();
        for (Pending p; batch.size() < MAX_BATCH && (p = queue.poll()) != null;) {
            batch.add(p);
        }
        if (batch.isEmpty()) {
            writing.set(false);
            if (!queue.isEmpty()) {
                writeNext();
            }
            return;
        }
        Consumers.retryTransient(write(batch)).subscribe().with(x -> {
            batch.forEach(p -> {
                metrics.outcome(p.outcome());
                p.done().complete(null);
            });
            writing.set(false);
            writeNext();
        }, failure -> {
            // retryTransient only gives up on a poison failure, which a valid outcome cannot produce
            batch.forEach(p -> p.done().fail(failure));
            writing.set(false);
            writeNext();
        });
    }

    private Uni<Void> write(List<Pending> batch) {
        List<SendOutcome> finished = batch.stream().filter(Pending::finishLog).map(Pending::outcome).toList();
        List<OutboxMessage> messages = batch.stream()
                .map(p -> OutboxMessage.of(Topics.OUTCOMES, p.outcome().campaignId(), p.outcome())).toList();
        return pool.withTransaction(conn -> sendLog.finish(conn, finished).flatMap(x -> outbox.append(conn, messages)));
    }
}
