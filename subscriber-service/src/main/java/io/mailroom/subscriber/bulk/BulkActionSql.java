package io.mailroom.subscriber.bulk;

import io.mailroom.subscriber.common.SqlWhere;

/**
 * The set-based statements of a bulk action, one chunk at a time: the execution locks the next chunk (in subscriber id
 * order) of the targeted subscribers the action would change, records their previous state (status, deletion, the
 * subscriptions it touches) with the revision it leaves, applies the change and bumps the revision, returning the ids
 * it changed; the revert restores a chunk of the recorded subscribers. No query per subscriber.
 */
final class BulkActionSql {
    private BulkActionSql() {
    }

    /**
     * The statement of one chunk of {@code action}: at most {@code limit} subscribers with an id in
     * {@code (after, upTo]}. Its parameters are the filter's, then the bulk action id, after, upTo, limit, then (only
     * when {@link BulkActionType#usesLists()}) the lists.
     */
    static String execute(BulkActionType action, SqlWhere where) {
        String b = where.next(1) + "::bigint";
        String range = " AND s.id > " + where.next(2) + "::bigint AND s.id <= " + where.next(3) + "::bigint";
        String limit = " ORDER BY s.id LIMIT " + where.next(4) + "::int";
        String l = where.next(5) + "::bigint[]";
        String unsubscribable = "x.status <> 'unsubscribed' AND (cardinality(" + l + ") = 0 OR x.list_id = ANY(" + l + "))";
        String onLists = "x.list_id = ANY(" + l + ")";
        return switch (action) {
            case BLOCKLIST -> statement(where, b, range, limit, "s.status <> 'blocklisted'", null, "",
                    "status = 'blocklisted', status_reason = 'bulk-action:' || " + b + ",");
            case UNBLOCKLIST -> statement(where, b, range, limit, "s.status = 'blocklisted'", null, "",
                    "status = 'enabled', status_reason = NULL,");
            case DELETE -> statement(where, b, range, limit, "TRUE", null, "", "deleted_at = now(),");
            case UNSUBSCRIBE -> statement(where, b, range, limit, hasSubscription(unsubscribable), unsubscribable,
                    ", subs AS (UPDATE subscriptions x SET status = 'unsubscribed', updated_at = now() FROM t "
                            + "WHERE x.subscriber_id = t.id AND " + unsubscribable + ")", "");
            case ADD_LISTS -> statement(where, b, range, limit,
                    "EXISTS (SELECT 1 FROM unnest(" + l + ") AS w(id) WHERE NOT EXISTS "
                            + "(SELECT 1 FROM subscriptions x WHERE x.subscriber_id = s.id AND x.list_id = w.id))",
                    onLists,
                    ", subs AS (INSERT INTO subscriptions (subscriber_id, list_id, status) "
                            + "SELECT t.id, k.id, CASE k.optin WHEN 'double' THEN 'unconfirmed' ELSE 'confirmed' END "
                            + "FROM t CROSS JOIN lists k WHERE k.id = ANY(" + l + ") "
                            + "ON CONFLICT (subscriber_id, list_id) DO NOTHING)", "");
            case REMOVE_LISTS -> statement(where, b, range, limit, hasSubscription(onLists), onLists,
                    ", subs AS (DELETE FROM subscriptions x USING t WHERE x.subscriber_id = t.id AND " + onLists + ")",
                    "");
        };
    }

    private static String hasSubscription(String condition) {
        return "EXISTS (SELECT 1 FROM subscriptions x WHERE x.subscriber_id = s.id AND " + condition + ")";
    }

    private static String statement(SqlWhere where, String b, String range, String limit, String changes,
            String touchedSubscriptions, String sideEffect, String set) {
        String previous = touchedSubscriptions == null ? "'[]'::jsonb"
                : "COALESCE((SELECT jsonb_agg(jsonb_build_object('listId', x.list_id, 'status', x.status)) "
                        + "FROM subscriptions x WHERE x.subscriber_id = t.id AND " + touchedSubscriptions + "), '[]'::jsonb)";
        return "WITH t AS (SELECT s.id, s.status, s.status_reason, s.deleted_at, s.revision FROM subscribers s WHERE "
                + where.sql() + " AND " + changes + range + limit + " FOR UPDATE OF s), "
                + "items AS (INSERT INTO bulk_action_items (bulk_action_id, subscriber_id, prev_status, prev_status_reason, "
                + "prev_deleted_at, prev_subscriptions, revision_after) SELECT " + b + ", t.id, t.status, t.status_reason, "
                + "t.deleted_at, " + previous + ", t.revision + 1 FROM t)"
                + sideEffect
                + " UPDATE subscribers u SET " + set + " revision = u.revision + 1, updated_at = now() "
                + "FROM t WHERE u.id = t.id RETURNING u.id";
    }

    /**
     * The next chunk of a revert: the last subscriber id of the next {@code $3} recorded after {@code $2}, and how many
     * there are (fewer than {@code $3}: the last chunk).
     */
    static final String REVERT_CHUNK = """
            SELECT max(subscriber_id) AS last, count(*) AS n FROM (
                SELECT subscriber_id FROM bulk_action_items WHERE bulk_action_id = $1 AND subscriber_id > $2
                ORDER BY subscriber_id LIMIT $3::int) c""";

    /**
     * Ids in {@code ($2, $3]} an unreverted action may restore: unchanged since (same revision) and, if deleted, email
     * still free.
     */
    static final String REVERTIBLE = """
            SELECT i.subscriber_id FROM bulk_action_items i JOIN subscribers s ON s.id = i.subscriber_id
            WHERE i.bulk_action_id = $1 AND i.subscriber_id > $2 AND i.subscriber_id <= $3
              AND s.revision = i.revision_after
              AND NOT (s.deleted_at IS NOT NULL AND i.prev_deleted_at IS NULL
                       AND EXISTS (SELECT 1 FROM subscribers o WHERE o.email = s.email AND o.deleted_at IS NULL))
            ORDER BY i.subscriber_id
            FOR UPDATE OF s""";

    static final String RESTORE_STATUS = """
            UPDATE subscribers s SET status = i.prev_status, status_reason = i.prev_status_reason,
                   deleted_at = i.prev_deleted_at, revision = s.revision + 1, updated_at = now()
            FROM bulk_action_items i
            WHERE i.bulk_action_id = $1 AND i.subscriber_id = s.id AND s.id = ANY($2)""";

    static final String RESTORE_SUBSCRIPTIONS = """
            INSERT INTO subscriptions (subscriber_id, list_id, status)
            SELECT i.subscriber_id, p."listId", p.status
            FROM bulk_action_items i
            CROSS JOIN LATERAL jsonb_to_recordset(i.prev_subscriptions) AS p("listId" bigint, status text)
            JOIN lists k ON k.id = p."listId"
            WHERE i.bulk_action_id = $1 AND i.subscriber_id = ANY($2)
            ON CONFLICT (subscriber_id, list_id) DO UPDATE SET status = EXCLUDED.status, updated_at = now()""";

    /** After add-lists: drop the subscriptions the action created (those the subscriber did not have before). */
    static final String DROP_ADDED_SUBSCRIPTIONS = """
            DELETE FROM subscriptions x USING bulk_action_items i
            WHERE i.bulk_action_id = $1 AND i.subscriber_id = ANY($2) AND x.subscriber_id = i.subscriber_id
              AND x.list_id = ANY($3)
              AND NOT i.prev_subscriptions @> jsonb_build_array(jsonb_build_object('listId', x.list_id))""";
}
