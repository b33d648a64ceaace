package io.mailroom.feedback.intake;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** The raw notification archive, unique on the provider's message id. */
@ApplicationScoped
public class NotificationArchive {
    private static final String INSERT = """
            INSERT INTO notification (message_id, source, message_type, topic_arn, ses_type, provider_message_id, body)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            ON CONFLICT (message_id) DO NOTHING RETURNING id""";

    /** Archives within the caller's transaction; the new row's id, or null when this message id was archived before. */
    public Uni<Long> insert(SqlClient tx, InboundNotification n) {
        var ses = n.notification();
        return tx.preparedQuery(INSERT)
                .execute(Tuple.from(new Object[] {n.messageId(), n.source(), n.messageType(), n.topicArn(),
                        ses == null ? null : ses.sesType(), ses == null ? null : ses.providerMessageId(), n.body()}))
                .map(rows -> {
                    var it = rows.iterator();
                    return it.hasNext() ? it.next().getLong("id") : null;
                });
    }
}
