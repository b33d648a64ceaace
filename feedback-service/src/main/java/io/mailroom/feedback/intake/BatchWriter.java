package io.mailroom.feedback.intake;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.mailroom.events.FeedbackEvent;
import io.mailroom.events.Topics;
import io.mailroom.feedback.mapping.RecipientMapper;
import io.mailroom.platform.outbox.Outbox;
import io.mailroom.platform.outbox.OutboxMessage;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;

/**
 * Stores a batch of notifications in one transaction, set-based: archives the raw messages (a message id seen before,
 * or a second copy within the batch, ends there with no effect), keeps one feedback row per recipient and appends the
 * matching {@link FeedbackEvent}s to the outbox for {@link Topics#FEEDBACK}, keyed by email.
 */
@ApplicationScoped
class BatchWriter {
    private final Pool pool;
    private final NotificationArchive archive;
    private final RecipientMapper mapper;
    private final FeedbackStore store;
    private final Outbox outbox;

    BatchWriter(Pool pool, NotificationArchive archive, RecipientMapper mapper, FeedbackStore store, Outbox outbox) {
        this.pool = pool;
        this.archive = archive;
        this.mapper = mapper;
        this.store = store;
        this.outbox = outbox;
    }

    /** One result per notification, in order; the Uni completes after commit. */
    Uni<List<IngestResult>> write(List<InboundNotification> batch) {
        // the first copy of each message id is the one stored; sorted so concurrent batches lock in one order
        Map<String, InboundNotification> first = new LinkedHashMap<>();
        batch.forEach(n -> first.putIfAbsent(n.messageId(), n));
        List<InboundNotification> distinct = first.values().stream()
                .sorted(Comparator.comparing(InboundNotification::messageId)).toList();
        return pool.withTransaction(tx -> archive.insert(tx, distinct).flatMap(ids -> {
            List<InboundNotification> fresh = distinct.stream().filter(n -> ids.containsKey(n.messageId())).toList();
            return mapper.events(tx, fresh).call(events -> store(tx, fresh, ids, events)).map(events -> {
                Map<InboundNotification, List<FeedbackEvent>> stored = new IdentityHashMap<>();
                for (int i = 0; i < fresh.size(); i++) {
                    stored.put(fresh.get(i), events.get(i));
                }
                return results(batch, first, stored);
            });
        }));
    }

    private Uni<Void> store(SqlClient tx, List<InboundNotification> fresh, Map<String, Long> ids,
            List<List<FeedbackEvent>> events) {
        List<FeedbackStore.Row> rows = new ArrayList<>();
        List<OutboxMessage> messages = new ArrayList<>();
        for (int i = 0; i < fresh.size(); i++) {
            long id = ids.get(fresh.get(i).messageId());
            for (FeedbackEvent e : events.get(i)) {
                rows.add(new FeedbackStore.Row(id, e));
                messages.add(OutboxMessage.of(Topics.FEEDBACK, e.email(), e));
            }
        }
        return store.insert(tx, rows).call(() -> outbox.append(tx, messages));
    }

    private static List<IngestResult> results(List<InboundNotification> batch, Map<String, InboundNotification> first,
            Map<InboundNotification, List<FeedbackEvent>> stored) {
        List<IngestResult> results = new ArrayList<>(batch.size());
        for (InboundNotification n : batch) {
            // identity, not equals: two copies of one SNS message are equal records, only the first one counts
            boolean storedNow = first.get(n.messageId()) == n && stored.containsKey(n);
            results.add(storedNow ? new IngestResult(false, stored.get(n)) : IngestResult.DUPLICATE);
        }
        return results;
    }
}
