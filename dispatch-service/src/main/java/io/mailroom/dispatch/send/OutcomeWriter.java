package io.mailroom.dispatch.send;

import java.util.Collections;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.mailroom.dispatch.metrics.DispatchMetrics;
import io.mailroom.dispatch.sendlog.SendLog;
import io.mailroom.events.SendOutcome;
import io.mailroom.events.Topics;
import io.mailroom.platform.group.GroupCall;
import io.mailroom.platform.kafka.Consumers;
import io.mailroom.platform.outbox.Outbox;
import io.mailroom.platform.outbox.OutboxMessage;
import io.smallrye.mutiny.Uni;
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
    private record Pending(SendOutcome outcome, boolean finishLog) {}

    private final GroupCall<Pending, Void> writes = new GroupCall<>(MAX_BATCH, this::write);

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
        return writes.submit(new Pending(outcome, false));
    }

    /** A terminal outcome of an attempt this worker owned: send-log row and outbox row in one transaction. */
    public Uni<Void> complete(SendOutcome outcome) {
        return writes.submit(new Pending(outcome, true));
    }

    // retryTransient only gives up on a poison failure, which a valid outcome cannot produce
    private Uni<List<Void>> write(List<Pending> batch) {
        List<SendOutcome> finished = batch.stream().filter(Pending::finishLog).map(Pending::outcome).toList();
        List<OutboxMessage> messages = batch.stream()
                .map(p -> OutboxMessage.of(Topics.OUTCOMES, p.outcome().campaignId(), p.outcome())).toList();
        return Consumers.retryTransient(pool.withTransaction(
                conn -> sendLog.finish(conn, finished).flatMap(x -> outbox.append(conn, messages))))
                .map(x -> {
                    batch.forEach(p -> metrics.outcome(p.outcome()));
                    return Collections.nCopies(batch.size(), null);
                });
    }
}
