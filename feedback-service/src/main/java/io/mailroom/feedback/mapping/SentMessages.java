package io.mailroom.feedback.mapping;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
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

    /** A SENT message and when it was sent. */
    public record Sent(SentMessage message, Instant sentAt) {}

    public Uni<Void> record(SqlClient client, SentMessage m, Instant sentAt) {
        return record(client, List.of(new Sent(m, sentAt)));
    }

    /** Records a batch in one statement (arrays in, unnest); an id already known, or twice in the batch, is kept once. */
    public Uni<Void> record(SqlClient client, List<Sent> sent) {
        if (sent.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = sent.size();
        String[] ids = new String[n];
        Long[] campaigns = new Long[n];
        Long[] subscribers = new Long[n];
        String[] emails = new String[n];
        OffsetDateTime[] sentAt = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            SentMessage m = sent.get(i).message();
            ids[i] = m.providerMessageId();
            campaigns[i] = m.campaignId();
            subscribers[i] = m.subscriberId();
            emails[i] = Emails.normalize(m.email());
            Instant at = sent.get(i).sentAt();
            sentAt[i] = at == null ? null : at.atOffset(ZoneOffset.UTC);
        }
        return client.preparedQuery("""
                INSERT INTO sent_message (provider_message_id, campaign_id, subscriber_id, email, sent_at)
                SELECT * FROM unnest($1::text[], $2::int8[], $3::int8[], $4::text[], $5::timestamptz[])
                ON CONFLICT (provider_message_id) DO NOTHING""")
                .execute(Tuple.of(ids, campaigns, subscribers, emails, sentAt))
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
