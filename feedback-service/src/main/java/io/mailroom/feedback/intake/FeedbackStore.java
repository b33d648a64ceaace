package io.mailroom.feedback.intake;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
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
            SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::bigint[], $6::bigint[],
                                 $7::text[], $8::text[], $9::text[], $10::timestamptz[])
            ON CONFLICT (feedback_id) DO NOTHING""";

    /** One event of an archived notification: the archive row it came from. */
    public record Row(long notificationId, FeedbackEvent event) {
    }

    public Uni<Void> insert(SqlClient tx, List<Row> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = rows.size();
        String[] feedbackIds = new String[n];
        Long[] notificationIds = new Long[n];
        String[] kinds = new String[n];
        String[] emails = new String[n];
        Long[] campaigns = new Long[n];
        Long[] subscribers = new Long[n];
        String[] subtypes = new String[n];
        String[] diagnostics = new String[n];
        String[] providerIds = new String[n];
        OffsetDateTime[] occurred = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            FeedbackEvent e = rows.get(i).event();
            feedbackIds[i] = e.feedbackId();
            notificationIds[i] = rows.get(i).notificationId();
            kinds[i] = e.kind().name();
            emails[i] = e.email();
            campaigns[i] = e.campaignId();
            subscribers[i] = e.subscriberId();
            subtypes[i] = e.subtype();
            diagnostics[i] = e.diagnostic();
            providerIds[i] = e.providerMessageId();
            occurred[i] = e.occurredAt().atOffset(ZoneOffset.UTC);
        }
        return tx.preparedQuery(INSERT).execute(Tuple.from(new Object[] {feedbackIds, notificationIds, kinds, emails,
                campaigns, subscribers, subtypes, diagnostics, providerIds, occurred})).replaceWithVoid();
    }
}
