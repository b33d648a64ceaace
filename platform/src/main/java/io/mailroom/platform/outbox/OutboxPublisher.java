package io.mailroom.platform.outbox;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.mailroom.platform.kafka.BatchProducer;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Claims one batch of outbox rows, publishes it and deletes it once the broker acknowledged every row, in one
 * transaction, while no other relay of the database has a batch in flight. {@link OutboxRelay} runs one per service
 * instance; tests run several to play replicas.
 */
public final class OutboxPublisher {
    /**
     * The advisory lock that makes one relay per database active at a time (any value: the lock space is per
     * database). Disjoint SKIP LOCKED batches of two relays could publish a key's revision 6 before its revision 5,
     * and compaction would then keep the stale state; with one batch in flight per database, id order is publishing
     * order. Transaction-scoped, so it is held on the connection that runs the batch (a pool hands each
     * transaction any connection) and released by its commit or rollback, also when a relay dies: another replica
     * takes over at its next poll.
     */
    static final long LOCK = 0x6d61696c726f6f6dL; // "mailroom"
    // The lock is tried in the claiming statement itself (a CTE runs once), so it costs no round trip; a relay that
    // does not get it claims nothing and polls again. FOR UPDATE still keeps a relay of an older version (SKIP LOCKED
    // without the lock) from taking the same rows during a rolling update.
    static final String CLAIM = """
            WITH relay AS (SELECT pg_try_advisory_xact_lock(%d) AS active)
            SELECT o.id, o.topic, o.msg_key, o.payload, o.headers FROM outbox o, relay
            WHERE relay.active ORDER BY o.id LIMIT $1 FOR UPDATE OF o SKIP LOCKED""".formatted(LOCK);

    private final Pool pool;
    private final BatchProducer producer;
    private final int batchSize;

    public OutboxPublisher(Pool pool, BatchProducer producer, int batchSize) {
        this.pool = pool;
        this.producer = producer;
        this.batchSize = batchSize;
    }

    /** Relays one batch; returns how many rows were published. */
    public Uni<Integer> relayOnce() {
        return pool.withTransaction(tx -> tx.preparedQuery(CLAIM).execute(Tuple.of(batchSize)).flatMap(rows -> {
            if (rows.size() == 0) {
                return Uni.createFrom().item(0);
            }
            List<Long> ids = new ArrayList<>(rows.size());
            List<OutboxMessage> messages = new ArrayList<>(rows.size());
            for (Row row : rows) {
                ids.add(row.getLong("id"));
                messages.add(new OutboxMessage(row.getString("topic"), row.getString("msg_key"),
                        row.getString("payload"), headers(row.getJsonObject("headers"))));
            }
            return producer.publish(messages)
                    .flatMap(x -> tx.preparedQuery("DELETE FROM outbox WHERE id = ANY($1)")
                            .execute(Tuple.of(ids.toArray(new Long[0]))))
                    .map(x -> ids.size());
        }));
    }

    private static Map<String, String> headers(JsonObject headers) {
        if (headers == null) {
            return Map.of();
        }
        Map<String, String> out = new HashMap<>();
        headers.forEach(h -> out.put(h.getKey(), String.valueOf(h.getValue())));
        return out;
    }
}
