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
 * transaction. {@link OutboxRelay} runs one per service instance; tests run several to play replicas.
 */
public final class OutboxPublisher {
    static final String CLAIM =
            "SELECT id, topic, msg_key, payload, headers FROM outbox ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED";

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
