package io.mailroom.campaign.audience;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.mailroom.events.SubscriberState;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** Writes subscriber states into the audience replica; a state older than the stored revision changes nothing. */
@ApplicationScoped
public class AudienceRepository {
    private static final String UPSERT = """
            INSERT INTO audience_subscriber (id, email, name, attributes, status, status_reason, revision, updated_at,
                                             status_changed_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)
            ON CONFLICT (id) DO UPDATE SET
                email = EXCLUDED.email, name = EXCLUDED.name, attributes = EXCLUDED.attributes,
                status = EXCLUDED.status, status_reason = EXCLUDED.status_reason, revision = EXCLUDED.revision,
                updated_at = EXCLUDED.updated_at,
                status_changed_at = CASE WHEN audience_subscriber.status <> EXCLUDED.status
                                         THEN EXCLUDED.updated_at ELSE audience_subscriber.status_changed_at END
            WHERE audience_subscriber.revision < EXCLUDED.revision
            RETURNING id""";
    private static final String CLEAR_SUBSCRIPTIONS = "DELETE FROM audience_subscription WHERE subscriber_id = $1";
    private static final String INSERT_SUBSCRIPTIONS = """
            INSERT INTO audience_subscription (subscriber_id, list_id, status, double_optin)
            SELECT $1, * FROM unnest($2::bigint[], $3::text[], $4::boolean[])""";

    /** Applies states in order, then deletions, inside the caller's transaction. */
    public Uni<Void> apply(SqlClient tx, List<SubscriberState> states, List<Long> deletions) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (SubscriberState state : states) {
            chain = chain.flatMap(x -> upsert(tx, state));
        }
        if (!deletions.isEmpty()) {
            chain = chain.flatMap(x -> tx.preparedQuery("DELETE FROM audience_subscriber WHERE id = ANY($1)")
                    .execute(Tuple.of(deletions.toArray(new Long[0]))).replaceWithVoid());
        }
        return chain;
    }

    private Uni<Void> upsert(SqlClient tx, SubscriberState s) {
        Tuple row = Tuple.from(Arrays.asList(s.subscriberId(), s.email(), s.name(),
                new JsonObject(s.attributes() == null ? Map.of() : s.attributes()),
                json(s.status()), s.statusReason(), s.revision(),
                (s.updatedAt() == null ? Instant.now() : s.updatedAt()).atOffset(ZoneOffset.UTC)));
        return tx.preparedQuery(UPSERT).execute(row).flatMap(rows -> {
            if (rows.rowCount() == 0) {
                return Uni.createFrom().voidItem();
            }
            List<Long> lists = new ArrayList<>();
            List<String> statuses = new ArrayList<>();
            List<Boolean> doubleOptin = new ArrayList<>();
            for (SubscriberState.Subscription sub : s.subscriptions()) {
                lists.add(sub.listId());
                statuses.add(json(sub.status()));
                doubleOptin.add(sub.doubleOptin());
            }
            return tx.preparedQuery(CLEAR_SUBSCRIPTIONS).execute(Tuple.of(s.subscriberId()))
                    .flatMap(x -> tx.preparedQuery(INSERT_SUBSCRIPTIONS).execute(Tuple.of(s.subscriberId(),
                            lists.toArray(new Long[0]), statuses.toArray(new String[0]),
                            doubleOptin.toArray(new Boolean[0]))))
                    .replaceWithVoid();
        });
    }

    /** The wire name of an enum (its lower-case JSON form), which is what the replica stores. */
    static String json(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
