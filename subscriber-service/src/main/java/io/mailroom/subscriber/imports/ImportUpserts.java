package io.mailroom.subscriber.imports;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.mailroom.subscriber.list.ListLookup;
import io.mailroom.subscriber.state.SubscriberRow;
import io.mailroom.subscriber.state.SubscriberStates;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Writes the subscribers of an import batch. New addresses: one statement inserts them, subscribes them and returns
 * their state exactly as written (no second read). Existing ones (overwrite): updated, then read back, since their
 * state includes subscriptions the import did not write.
 */
@ApplicationScoped
class ImportUpserts {
    // Sibling data-modifying CTEs share one snapshot, so the subscriptions are taken from ins' RETURNING rather than
    // read back; the foreign keys are checked at the end of the statement, when the inserted subscribers exist.
    private static final String CREATE = """
            WITH ins AS (INSERT INTO subscribers (email, name, attributes, status, status_reason)
                         SELECT v.email, v.name, COALESCE(v.attributes::jsonb, '{}'::jsonb), $4, $5
                         FROM unnest($1::text[], $2::text[], $3::text[]) AS v(email, name, attributes)
                         ON CONFLICT (email) WHERE deleted_at IS NULL DO NOTHING
                         RETURNING *),
                 x AS (INSERT INTO subscriptions (subscriber_id, list_id, status)
                       SELECT ins.id, l.id, CASE l.optin WHEN 'double' THEN 'unconfirmed' ELSE 'confirmed' END
                       FROM ins CROSS JOIN lists l WHERE l.id = ANY($6)
                       RETURNING subscriber_id, list_id, status)
            SELECT s.id, s.email, s.name, s.attributes::text AS attributes, s.status, s.status_reason, s.revision,
                   s.created_at, s.updated_at, COALESCE(subs.json, '[]') AS subscriptions
            FROM ins s LEFT JOIN (SELECT x.subscriber_id, %s::text AS json
                                  FROM x JOIN lists l ON l.id = x.list_id GROUP BY x.subscriber_id) subs
                                 ON subs.subscriber_id = s.id""".formatted(SubscriberStates.SUBSCRIPTIONS_JSON);

    @Inject
    ListLookup lists;

    @Inject
    SubscriberStates states;

    /** Inserts the rows whose address is not taken and publishes their states; returns them as written. */
    Uni<List<SubscriberRow>> create(SqlClient tx, ImportSettings settings, List<ImportRow> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<Long> listIds = settings.blocklist() ? List.of() : settings.lists();
        return tx.preparedQuery(CREATE)
                .execute(Tuple.from(Arrays.asList(
                        rows.stream().map(ImportRow::email).toArray(String[]::new),
                        rows.stream().map(ImportRow::name).toArray(String[]::new),
                        rows.stream().map(ImportRow::attributes).toArray(String[]::new),
                        settings.blocklist() ? "blocklisted" : "enabled",
                        settings.blocklist() ? "import:" + settings.importId() : null,
                        listIds.toArray(new Long[0]))))
                .map(result -> {
                    List<SubscriberRow> created = new ArrayList<>(result.size());
                    result.forEach(r -> created.add(SubscriberStates.row(r)));
                    return created;
                })
                .call(created -> states.publishRows(tx, created));
    }

    /**
     * Replaces name/attributes of the rows' existing subscribers (and blocklists them in blocklist mode), subscribes
     * them and publishes their states; returns how many were found.
     */
    Uni<Integer> overwrite(SqlClient tx, ImportSettings settings, List<ImportRow> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return tx.preparedQuery("SELECT id, email FROM subscribers WHERE email = ANY($1) AND deleted_at IS NULL FOR UPDATE")
                .execute(Tuple.of(rows.stream().map(ImportRow::email).toArray(String[]::new)))
                .flatMap(found -> {
                    Map<String, Long> existing = new HashMap<>();
                    found.forEach(r -> existing.put(r.getString("email"), r.getLong("id")));
                    List<ImportRow> updates = rows.stream().filter(r -> existing.containsKey(r.email())).toList();
                    List<Long> ids = updates.stream().map(r -> existing.get(r.email())).toList();
                    if (ids.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    return update(tx, settings, updates, ids)
                            .flatMap(x -> settings.blocklist() ? Uni.createFrom().item(0)
                                    : lists.subscribe(tx, ids, settings.lists(), false))
                            .flatMap(x -> states.publish(tx, ids))
                            .replaceWith(ids.size());
                });
    }

    private static Uni<Void> update(SqlClient tx, ImportSettings settings, List<ImportRow> rows, List<Long> ids) {
        return tx.preparedQuery("""
                        UPDATE subscribers s SET name = COALESCE(v.name, s.name),
                               attributes = COALESCE(v.attributes::jsonb, s.attributes),
                               status_reason = CASE WHEN $4 AND s.status <> 'blocklisted' THEN 'import:' || $5::bigint
                                                    ELSE s.status_reason END,
                               status = CASE WHEN $4 THEN 'blocklisted' ELSE s.status END,
                               revision = s.revision + 1, updated_at = now()
                        FROM unnest($1::bigint[], $2::text[], $3::text[]) AS v(id, name, attributes)
                        WHERE s.id = v.id""")
                .execute(Tuple.of(ids.toArray(new Long[0]),
                        rows.stream().map(ImportRow::name).toArray(String[]::new),
                        rows.stream().map(ImportRow::attributes).toArray(String[]::new),
                        settings.blocklist(), settings.importId()))
                .replaceWithVoid();
    }
}
