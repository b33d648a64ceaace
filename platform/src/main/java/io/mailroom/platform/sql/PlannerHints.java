package io.mailroom.platform.sql;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;

/** Planner settings for statements that join a batch of keys (an {@code unnest} of arrays) to a large table. */
public final class PlannerHints {
    private PlannerHints() {
    }

    /**
     * Keeps the rest of the transaction {@code tx} off sequential scans. A join with an array of keys may be planned as
     * a hash join over a sequential scan while the table is small or its statistics old, and such a plan then reads
     * the whole table for every batch: the dispatch benchmark once spent 18 s of PostgreSQL time in the send log's
     * outcome UPDATE instead of the usual 1.5 s (pg_stat_statements). Every statement it applies to is keyed.
     */
    public static Uni<Void> indexScansOnly(SqlClient tx) {
        return tx.query("SET LOCAL enable_seqscan = off").execute().replaceWithVoid();
    }
}
