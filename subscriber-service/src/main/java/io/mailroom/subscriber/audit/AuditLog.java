package io.mailroom.subscriber.audit;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.mailroom.subscriber.common.Json;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** Appends audit entries inside the transaction of the change they record. */
@ApplicationScoped
public class AuditLog {

    public Uni<Void> append(SqlClient tx, String actor, String action, Long subscriberId, Long bulkActionId,
            long affected, Map<String, ?> detail) {
        return tx.preparedQuery("""
                INSERT INTO audit_log (actor, action, subscriber_id, bulk_action_id, affected, detail)
                VALUES ($1, $2, $3, $4, $5, $6::text::jsonb)""")
                .execute(Tuple.from(java.util.Arrays.asList(actor, action, subscriberId, bulkActionId, affected,
                        Json.write(detail == null ? Map.of() : detail))))
                .replaceWithVoid();
    }

    /** An entry about one subscriber. */
    public Uni<Void> subscriber(SqlClient tx, String actor, String action, long subscriberId, Map<String, ?> detail) {
        return append(tx, actor, action, subscriberId, null, 1, detail);
    }
}
