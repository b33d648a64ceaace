package io.mailroom.feedback.intake;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.mailroom.events.FeedbackEvent;
import io.mailroom.events.Topics;
import io.mailroom.feedback.mapping.RecipientMapper;
import io.mailroom.platform.outbox.Outbox;
import io.mailroom.platform.outbox.OutboxMessage;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Stores a verified notification durably and idempotently: in one transaction it archives the raw message (a message
 * id seen before ends here with no effect), keeps one feedback row per recipient and appends the matching
 * {@link FeedbackEvent}s to the outbox for {@link Topics#FEEDBACK}, keyed by email. Callers acknowledge only after
 * the returned Uni completed, i.e. after commit.
 */
@ApplicationScoped
public class FeedbackIntake {
    private final Pool pool;
    private final NotificationArchive archive;
    private final RecipientMapper mapper;
    private final FeedbackStore store;
    private final Outbox outbox;
    private final FeedbackMetrics metrics;

    FeedbackIntake(Pool pool, NotificationArchive archive, RecipientMapper mapper, FeedbackStore store, Outbox outbox,
            FeedbackMetrics metrics) {
        this.pool = pool;
        this.archive = archive;
        this.mapper = mapper;
        this.store = store;
        this.outbox = outbox;
        this.metrics = metrics;
    }

    public Uni<IngestResult> ingest(InboundNotification n) {
        return pool.withTransaction(tx -> archive.insert(tx, n).flatMap(id -> {
            if (id == null) {
                return Uni.createFrom().item(IngestResult.DUPLICATE);
            }
            return mapper.events(tx, n)
                    .call(events -> store.insert(tx, id, events))
                    .call(events -> outbox.append(tx, messages(events)))
                    .map(events -> new IngestResult(false, events));
        })).invoke(result -> metrics.recorded(n, result));
    }

    private static List<OutboxMessage> messages(List<FeedbackEvent> events) {
        return events.stream().map(e -> OutboxMessage.of(Topics.FEEDBACK, e.email(), e)).toList();
    }
}
