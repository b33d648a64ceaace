package io.mailroom.feedback.intake;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.mailroom.feedback.ses.StorableText;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** The raw notification archive, unique on the provider's message id. */
@ApplicationScoped
public class NotificationArchive {
    // One set-based statement for a whole batch; rows go in the caller's order (WITH ORDINALITY) so that concurrent
    // batches, which the caller sorts by message id, wait on each other's unique-index entries in one order only.
    private static final String INSERT = """
            INSERT INTO notification (message_id, source, message_type, topic_arn, ses_type, provider_message_id, body)
            SELECT m.message_id, m.source, m.message_type, m.topic_arn, m.ses_type, m.provider_message_id, m.body
            FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
                 WITH ORDINALITY AS m(message_id, source, message_type, topic_arn, ses_type, provider_message_id, body, n)
            ORDER BY m.n
            ON CONFLICT (message_id) DO NOTHING RETURNING id, message_id""";

    /**
     * Archives within the caller's transaction notifications with distinct message ids; the new rows' ids by message
     * id — a message id archived before is absent.
     */
    public Uni<Map<String, Long>> insert(SqlClient tx, List<InboundNotification> notifications) {
        int size = notifications.size();
        String[][] columns = new String[7][size];
        for (int i = 0; i < size; i++) {
            InboundNotification n = notifications.get(i);
            var ses = n.notification();
            columns[0][i] = n.messageId();
            columns[1][i] = n.source();
            columns[2][i] = n.messageType();
            columns[3][i] = n.topicArn();
            columns[4][i] = ses == null ? null : ses.sesType();
            columns[5][i] = ses == null ? null : ses.providerMessageId();
            columns[6][i] = n.body();
            for (String[] column : columns) {
                column[i] = StorableText.of(column[i]);
            }
        }
        return tx.preparedQuery(INSERT).execute(Tuple.from(columns)).map(rows -> {
            Map<String, Long> ids = new HashMap<>();
            rows.forEach(row -> ids.put(row.getString("message_id"), row.getLong("id")));
            return ids;
        });
    }
}
