package io.mailroom.subscriber.subscriber;

import java.util.Arrays;
import java.util.Collection;

import jakarta.enterprise.context.ApplicationScoped;

import io.mailroom.events.SubscriberStatus;
import io.mailroom.subscriber.common.DbEnums;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The single-subscriber writes shared by the API, list commands and feedback rules. Every write bumps the revision,
 * so the state the caller publishes afterwards supersedes the previous one.
 */
@ApplicationScoped
public class SubscriberWrites {

    /** Inserts a subscriber; null when a live subscriber already has the email. */
    public Uni<Long> insert(SqlClient tx, String email, String name, String attributesJson, SubscriberStatus status,
            String statusReason) {
        return tx.preparedQuery("""
                        INSERT INTO subscribers (email, name, attributes, status, status_reason)
                        VALUES ($1, $2, $3::text::jsonb, $4, $5)
                        ON CONFLICT (email) WHERE deleted_at IS NULL DO NOTHING RETURNING id""")
                .execute(Tuple.from(Arrays.asList(email, name, attributesJson, DbEnums.db(status), statusReason)))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getLong("id"));
    }

    /** The live subscriber with this (normalised) email, locked for the transaction; null when there is none. */
    public Uni<Row> lockByEmail(SqlClient tx, String email) {
        return tx.preparedQuery("SELECT * FROM subscribers WHERE email = $1 AND deleted_at IS NULL FOR UPDATE")
                .execute(Tuple.of(email)).map(rows -> rows.size() == 0 ? null : rows.iterator().next());
    }

    /** The live subscriber with this id, locked for the transaction; null when there is none. */
    public Uni<Row> lock(SqlClient tx, long id) {
        return tx.preparedQuery("SELECT * FROM subscribers WHERE id = $1 AND deleted_at IS NULL FOR UPDATE")
                .execute(Tuple.of(id)).map(rows -> rows.size() == 0 ? null : rows.iterator().next());
    }

    /** Records that the subscriber changed (revision + 1). */
    public Uni<Void> touch(SqlClient tx, long id) {
        return tx.preparedQuery("UPDATE subscribers SET revision = revision + 1, updated_at = now() WHERE id = $1")
                .execute(Tuple.of(id)).replaceWithVoid();
    }

    public Uni<Void> setStatus(SqlClient tx, long id, SubscriberStatus status, String reason) {
        return tx.preparedQuery("""
                        UPDATE subscribers SET status = $2, status_reason = $3, revision = revision + 1, updated_at = now()
                        WHERE id = $1""")
                .execute(Tuple.of(id, DbEnums.db(status), reason)).replaceWithVoid();
    }

    /** Updates name and attributes where given (null keeps the current value). */
    public Uni<Void> setProfile(SqlClient tx, long id, String name, String attributesJson) {
        return tx.preparedQuery("""
                        UPDATE subscribers SET name = COALESCE($2, name), attributes = COALESCE($3::text::jsonb, attributes),
                               revision = revision + 1, updated_at = now()
                        WHERE id = $1""")
                .execute(Tuple.of(id, name, attributesJson)).replaceWithVoid();
    }

    /** Unsubscribes from the given lists, or from every list when {@code listIds} is empty; returns how many changed. */
    public Uni<Integer> unsubscribe(SqlClient tx, long id, Collection<Long> listIds) {
        Long[] lists = listIds == null ? new Long[0] : listIds.toArray(new Long[0]);
        return tx.preparedQuery("""
                        UPDATE subscriptions SET status = 'unsubscribed', updated_at = now()
                        WHERE subscriber_id = $1 AND status <> 'unsubscribed'
                          AND (cardinality($2::bigint[]) = 0 OR list_id = ANY($2))""")
                .execute(Tuple.of(id, lists)).map(rows -> rows.rowCount());
    }
}
