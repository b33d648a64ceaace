package io.mailroom.subscriber.imports;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.mailroom.events.Topics;
import io.mailroom.subscriber.list.ListLookup;
import io.mailroom.subscriber.state.SubscriberStates;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Writes the subscribers of an import batch. New addresses: one statement inserts them, subscribes them and appends
 * their states exactly as written to the outbox (no second read). Existing ones (overwrite): updated, then read back,
 * since their state includes subscriptions the import did not write.
 */
@ApplicationScoped
class ImportUpserts {
    // Sibling data-modifying CTEs share one snapshot, so the subscriptions and the published states are taken from ins'
    // RETURNING rather than read back; the foreign keys are checked at the end of the statement, when the inserted
    // subscribers exist. The states go into the outbox straight from the statement (see SubscriberStates.stateJson):
    // only the emails come back.
    private static final String CREATE = """
            WITH ins AS (INSERT INTO subscribers (email, name, attributes, status, status_reason)
                         SELECT v.email, v.name, COALESCE(v.attributes::jsonb, '{}'::jsonb), $4, $5
                         FROM unnest($1::text[], $2::text[], $3::text[]) AS v(email, name, attributes)
                         ON CONFLICT (email) WHERE deleted_at IS NULL DO NOTHING
                         RETURNING *),
                 x AS (INSERT INTO subscriptions (subscriber_id, list_id, status)
                       SELECT ins.id, l.id, CASE l.optin WHEN 'double' THEN 'unconfirmed' ELSE 'confirmed' END
                       FROM ins CROSS JOIN lists l WHERE l.id = ANY($6)
                       RETURNING subscriber_id, list_id, status),
                 subs AS (SELECT x.subscriber_id, %s::text AS json
                          FROM x JOIN lists l ON l.id = x.list_id GROUP BY x.subscriber_id),
                 o AS (INSERT INTO outbox (topic, msg_key, payload)
                       SELECT $7, s.id::text, %s
                       FROM ins s LEFT JOIN subs ON subs.subscriber_id = s.id
                       ORDER BY s.id)
            SELECT email FROM ins""".formatted(SubscriberStates.SUBSCRIPTIONS_JSON,
            SubscriberStates.stateJson("COALESCE(subs.json, '[]')"));

    @Inject
    ListLookup lists;

    @Inject
    SubscriberStates states;

    /** Inserts the rows whose address is not taken and publishes their states; returns their emails. */
    Uni<Set<String>> create(SqlClient tx, ImportSettings settings, List<ImportRow> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        List<Long> listIds = settings.blocklist() ? List.of() : settings.lists();
        return tx.preparedQuery(CREATE)
                .execute(Tuple.from(Arrays.asList(
                        rows.stream().map(ImportRow::email).toArray(String[]::new),
                        rows.stream().map(ImportRow::name).toArray(String[]::new),
                        rows.stream().map(ImportRow::attributes).toArray(String[]::new),
                        settings.blocklist() ? "blocklisted" : "enabled",
                        settings.blocklist() ? "import:" + settings.importId() : null,
                        listIds.toArray(new Long[0]),
                        Topics.SUBSCRIBERS)))
                .map(result -> {
                    Set<String> created = new HashSet<>(result.size() * 2);
                    result.forEach(r -> created.add(r.getString("email")));
                    return created;
                });
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
