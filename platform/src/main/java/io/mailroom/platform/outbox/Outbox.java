package io.mailroom.platform.outbox;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Appends messages to the outbox table inside the caller's transaction, so that a state change and the event that
 * announces it commit together or not at all. {@link OutboxRelay} publishes them afterwards.
 */
@ApplicationScoped
public class Outbox {
    // One multi-row INSERT … SELECT unnest rather than executeBatch (one statement execution per row): with thousands
    // of rows per fan-out batch, import batch or bulk action, the per-row executions dominated the transaction.
    // WITH ORDINALITY + ORDER BY keeps the ids (and so the relay's publishing order) in the caller's order.
    static final String INSERT = """
            INSERT INTO outbox (topic, msg_key, payload, headers)
            SELECT m.topic, m.msg_key, m.payload, m.headers::jsonb
            FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) WITH ORDINALITY
                 AS m(topic, msg_key, payload, headers, n)
            ORDER BY m.n""";

    /** Appends within a reactive SQL transaction (pass the transaction's connection). */
    public Uni<Void> append(SqlClient tx, List<OutboxMessage> messages) {
        if (messages.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = messages.size();
        String[] topics = new String[n];
        String[] keys = new String[n];
        String[] payloads = new String[n];
        String[] headers = new String[n];
        for (int i = 0; i < n; i++) {
            OutboxMessage m = messages.get(i);
            topics[i] = m.topic();
            keys[i] = m.key();
            payloads[i] = m.payload();
            headers[i] = m.headers().isEmpty() ? null : new JsonObject(Map.copyOf(m.headers())).encode();
        }
        return tx.preparedQuery(INSERT).execute(Tuple.of(topics, keys, payloads, headers)).replaceWithVoid();
    }

    public Uni<Void> append(SqlClient tx, OutboxMessage message) {
        return append(tx, List.of(message));
    }

    /** Appends within a Hibernate Reactive session's current transaction. */
    public Uni<Void> append(Mutiny.Session session, OutboxMessage message) {
        return session.createNativeQuery(
                        "INSERT INTO outbox (topic, msg_key, payload, headers) VALUES (?1, ?2, ?3, cast(?4 as jsonb))")
                .setParameter(1, message.topic())
                .setParameter(2, message.key())
                .setParameter(3, message.payload())
                .setParameter(4, message.headers().isEmpty() ? null : new JsonObject(Map.copyOf(message.headers())).encode())
                .executeUpdate()
                .replaceWithVoid();
    }
}
