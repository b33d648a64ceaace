package io.mailroom.platform.outbox;

import java.util.ArrayList;
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
    static final String INSERT = "INSERT INTO outbox (topic, msg_key, payload, headers) VALUES ($1, $2, $3, $4)";

    /** Appends within a reactive SQL transaction (pass the transaction's connection). */
    public Uni<Void> append(SqlClient tx, List<OutboxMessage> messages) {
        if (messages.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> rows = new ArrayList<>(messages.size());
        for (OutboxMessage m : messages) {
            rows.add(Tuple.of(m.topic(), m.key(), m.payload(), headers(m)));
        }
        return tx.preparedQuery(INSERT).executeBatch(rows).replaceWithVoid();
    }

    private static JsonObject headers(OutboxMessage m) {
        return m.headers().isEmpty() ? null : new JsonObject(Map.copyOf(m.headers()));
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
