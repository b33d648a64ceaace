package io.mailroom.subscriber.list;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** Checks that lists exist and subscribes subscribers to them with the status their opt-in mode gives. */
@ApplicationScoped
public class ListLookup {

    /** The ids among {@code listIds} that do not exist (empty when all do). */
    public Uni<List<Long>> missing(SqlClient client, Collection<Long> listIds) {
        if (listIds == null || listIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        Set<Long> wanted = new LinkedHashSet<>(listIds);
        return client.preparedQuery("SELECT id FROM lists WHERE id = ANY($1)")
                .execute(Tuple.of(wanted.toArray(new Long[0])))
                .map(rows -> {
                    rows.forEach(r -> wanted.remove(r.getLong("id")));
                    return new ArrayList<>(wanted);
                });
    }

    /**
     * Subscribes every subscriber to every list: {@code confirmed} on single opt-in lists, {@code unconfirmed} on double.
     * An existing subscription is kept as it is, unless {@code resubscribe} and it is {@code unsubscribed}.
     */
    public Uni<Integer> subscribe(SqlClient tx, Collection<Long> subscriberIds, Collection<Long> listIds,
            boolean resubscribe) {
        if (subscriberIds.isEmpty() || listIds == null || listIds.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        String conflict = resubscribe
                ? "DO UPDATE SET status = EXCLUDED.status, updated_at = now() WHERE subscriptions.status = 'unsubscribed'"
                : "DO NOTHING";
        return tx.preparedQuery("""
                        INSERT INTO subscriptions (subscriber_id, list_id, status)
                        SELECT s.id, l.id, CASE l.optin WHEN 'double' THEN 'unconfirmed' ELSE 'confirmed' END
                        FROM unnest($1::bigint[]) AS s(id) CROSS JOIN lists l WHERE l.id = ANY($2)
                        ON CONFLICT (subscriber_id, list_id)""" + " " + conflict)
                .execute(Tuple.of(subscriberIds.toArray(new Long[0]), listIds.toArray(new Long[0])))
                .map(rows -> rows.rowCount());
    }
}
