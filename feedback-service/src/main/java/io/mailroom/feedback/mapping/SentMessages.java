package io.mailroom.feedback.mapping;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.mailroom.feedback.ses.Emails;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** The provider-message-id map fed by SENT outcomes; writes are idempotent (first SENT for an id wins). */
@ApplicationScoped
public class SentMessages {

    public Uni<Void> record(SqlClient client, SentMessage m, Instant sentAt) {
        return client.preparedQuery("""
                INSERT INTO sent_message (provider_message_id, campaign_id, subscriber_id, email, sent_at)
                VALUES ($1, $2, $3, $4, $5) ON CONFLICT (provider_message_id) DO NOTHING""")
                .execute(Tuple.of(m.providerMessageId(), m.campaignId(), m.subscriberId(), Emails.normalize(m.email()),
                        sentAt == null ? null : sentAt.atOffset(ZoneOffset.UTC)))
                .replaceWithVoid();
    }

    /** The SENT messages with these provider ids, by id; ids no SENT outcome is known for are absent. */
    public Uni<Map<String, SentMessage>> find(SqlClient client, Collection<String> providerMessageIds) {
        if (providerMessageIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return client.preparedQuery("""
                SELECT provider_message_id, campaign_id, subscriber_id, email FROM sent_message
                WHERE provider_message_id = ANY($1)""")
                .execute(Tuple.of(providerMessageIds.toArray(String[]::new)))
                .map(rows -> {
                    Map<String, SentMessage> found = new HashMap<>();
                    rows.forEach(row -> found.put(row.getString(0), toSent(row)));
                    return found;
                });
    }

    private static SentMessage toSent(Row row) {
        return new SentMessage(row.getString(0), row.getLong(1), row.getLong(2), row.getString(3));
    }
}
