package io.mailroom.feedback.intake;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.mailroom.events.FeedbackEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** Keeps the feedback events of archived notifications for operators' queries. */
@ApplicationScoped
public class FeedbackStore {
    private static final String INSERT = """
            INSERT INTO feedback (feedback_id, notification_id, kind, email, campaign_id, subscriber_id, subtype,
                                  diagnostic, provider_message_id, occurred_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (feedback_id) DO NOTHING""";

    public Uni<Void> insert(SqlClient tx, long notificationId, List<FeedbackEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> rows = new ArrayList<>(events.size());
        for (FeedbackEvent e : events) {
            rows.add(Tuple.from(new Object[] {e.feedbackId(), notificationId, e.kind().name(), e.email(),
                    e.campaignId(), e.subscriberId(), e.subtype(), e.diagnostic(), e.providerMessageId(),
                    e.occurredAt().atOffset(ZoneOffset.UTC)}));
        }
        return tx.preparedQuery(INSERT).executeBatch(rows).replaceWithVoid();
    }
}
