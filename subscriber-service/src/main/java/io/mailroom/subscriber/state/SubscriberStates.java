package io.mailroom.subscriber.state;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;

import io.mailroom.events.EventCodec;
import io.mailroom.events.SubscriberState;
import io.mailroom.events.SubscriberStatus;
import io.mailroom.events.Topics;
import io.mailroom.platform.outbox.Outbox;
import io.mailroom.platform.outbox.OutboxMessage;
import io.mailroom.platform.outbox.Tombstones;
import io.mailroom.subscriber.common.DbEnums;
import io.mailroom.subscriber.common.Json;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Reads subscribers' full current state and appends it to the outbox for {@link Topics#SUBSCRIBERS}. Callers pass the
 * ids they changed, inside the transaction that changed them, after the change: the state published is what committed.
 */
@ApplicationScoped
public class SubscriberStates {
    /** Ids per query and per outbox batch: bounds memory when a bulk action touches hundreds of thousands. */
    static final int CHUNK = 5000;
    /** The JSON array of subscriptions {@code x} (joined with their lists {@code l}) that {@link #row} reads. */
    public static final String SUBSCRIPTIONS_JSON = """
            json_agg(json_build_object('listId', x.list_id, 'status', x.status, 'doubleOptin', l.optin = 'double')
                     ORDER BY x.list_id)""";

    /**
     * SQL expression: the {@link SubscriberState} JSON of the subscribers row aliased {@code s} with the subscriptions
     * array {@code subscriptions} (text), in the shape {@link EventCodec} writes it (compact, null fields left out).
     * For bulk writes: built by the statement that writes the rows, it saves reading each row back, decoding,
     * re-encoding and sending it again. ImportStateTest holds it equal to {@link SubscriberRow#toState()}.
     */
    public static String stateJson(String subscriptions) {
        return """
                '{"type":"%s","version":%d,"subscriberId":' || s.id || ',"email":' || to_json(s.email)::text
                || COALESCE(',"name":' || to_json(s.name)::text, '') || ',"attributes":' || s.attributes::text
                || ',"status":' || to_json(s.status)::text
                || COALESCE(',"statusReason":' || to_json(s.status_reason)::text, '')
                || ',"subscriptions":' || %s || ',"revision":' || s.revision
                || ',"updatedAt":"' || to_char(s.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') || '"}'
                """.formatted(SubscriberState.TYPE, SubscriberState.VERSION, subscriptions);
    }

    public static final String SELECT = """
            SELECT s.id, s.email, s.name, s.attributes::text AS attributes, s.status, s.status_reason, s.revision,
                   s.created_at, s.updated_at,
                   COALESCE((SELECT %s
                             FROM subscriptions x JOIN lists l ON l.id = x.list_id
                             WHERE x.subscriber_id = s.id), '[]')::text AS subscriptions
            FROM subscribers s
            """.formatted(SUBSCRIPTIONS_JSON);
    private static final TypeReference<List<SubscriberState.Subscription>> SUBSCRIPTIONS = new TypeReference<>() {
    };

    @Inject
    Outbox outbox;

    /** The rows of the given ids (deleted or not), in id order. */
    public Uni<List<SubscriberRow>> load(SqlClient client, Collection<Long> ids) {
        return client.preparedQuery(SELECT + " WHERE s.id = ANY($1) ORDER BY s.id")
                .execute(Tuple.of(ids.toArray(new Long[0])))
                .map(rows -> {
                    List<SubscriberRow> result = new ArrayList<>(rows.size());
                    rows.forEach(r -> result.add(row(r)));
                    return result;
                });
    }

    public Uni<SubscriberRow> load(SqlClient client, long id) {
        return load(client, List.of(id)).map(rows -> rows.isEmpty() ? null : rows.get(0));
    }

    /** Appends the current state of every given subscriber to the outbox (in the caller's transaction). */
    public Uni<Void> publish(SqlClient tx, Collection<Long> ids) {
        return inChunks(ids, chunk -> load(tx, chunk).flatMap(rows -> publishRows(tx, rows)));
    }

    /** Appends the given rows' states (rows just written and read back by the caller, e.g. via RETURNING). */
    public Uni<Void> publishRows(SqlClient tx, List<SubscriberRow> rows) {
        return appendAll(tx, rows.stream().map(r -> OutboxMessage.of(Topics.SUBSCRIBERS, r.id(), r.toState())).toList());
    }

    private Uni<Void> appendAll(SqlClient tx, List<OutboxMessage> messages) {
        return outbox.append(tx, messages);
    }

    /**
     * Appends a tombstone for every given subscriber (deleted, or soft-deleted), after the deletion. A soft-deleted
     * row is still there with the revision its deletion left: the tombstone carries it, so a replica revives the
     * subscriber on a later state (a revert) and on nothing older. A hard-deleted row is gone, and so is any later
     * state: its tombstone carries no revision, which replicas treat as final.
     */
    public Uni<Void> tombstone(SqlClient tx, Collection<Long> ids) {
        return inChunks(ids, chunk -> tx.preparedQuery("SELECT id, revision FROM subscribers WHERE id = ANY($1)")
                .execute(Tuple.of(chunk.toArray(new Long[0])))
                .flatMap(rows -> {
                    Map<Long, Long> revisions = new HashMap<>();
                    rows.forEach(r -> revisions.put(r.getLong("id"), r.getLong("revision")));
                    return appendAll(tx, chunk.stream().map(id -> revisions.containsKey(id)
                            ? Tombstones.of(Topics.SUBSCRIBERS, id, revisions.get(id))
                            : OutboxMessage.tombstone(Topics.SUBSCRIBERS, id)).toList());
                }));
    }

    private static Uni<Void> inChunks(Collection<Long> ids, java.util.function.Function<List<Long>, Uni<Void>> work) {
        List<Long> all = List.copyOf(ids);
        List<List<Long>> chunks = new ArrayList<>();
        for (int i = 0; i < all.size(); i += CHUNK) {
            chunks.add(all.subList(i, Math.min(all.size(), i + CHUNK)));
        }
        return Multi.createFrom().iterable(chunks).onItem().transformToUniAndConcatenate(chunk -> work.apply(chunk))
                .collect().last().replaceWithVoid();
    }

    /** Maps one row of {@link #SELECT}. */
    public static SubscriberRow row(Row r) {
        return new SubscriberRow(
                r.getLong("id"),
                r.getString("email"),
                r.getString("name"),
                Json.object(r.getString("attributes")),
                DbEnums.parse(SubscriberStatus.class, r.getString("status")),
                r.getString("status_reason"),
                subscriptions(r.getString("subscriptions")),
                r.getLong("revision"),
                r.getOffsetDateTime("created_at").toInstant(),
                r.getOffsetDateTime("updated_at").toInstant());
    }

    private static List<SubscriberState.Subscription> subscriptions(String json) {
        try {
            return EventCodec.mapper().readValue(json, SUBSCRIPTIONS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable subscriptions " + json, e);
        }
    }
}
