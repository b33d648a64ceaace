package io.mailroom.dispatch.send;

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
import io.vertx.mutiny.sqlclient.Pool;

/** Publishes outcomes through the outbox, together with the send-log update when there is one. */
@ApplicationScoped
public class OutcomeWriter {
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
        return write(outcome, false);
    }

    /** A terminal outcome of an attempt this worker owned: send-log row and outbox row in one transaction. */
    public Uni<Void> complete(SendOutcome outcome) {
        return write(outcome, true);
    }

    private Uni<Void> write(SendOutcome outcome, boolean finishLog) {
        OutboxMessage message = OutboxMessage.of(Topics.OUTCOMES, outcome.campaignId(), outcome);
        Uni<Void> tx = pool.withTransaction(conn -> (finishLog ? sendLog.finish(conn, outcome)
                : Uni.createFrom().voidItem()).flatMap(x -> outbox.append(conn, message)));
        return Consumers.retryTransient(tx).invoke(() -> metrics.outcome(outcome));
    }
}
