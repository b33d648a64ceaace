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

/**
 * Writes subscriber states and deletions into the audience replica; a state or tombstone older than what the replica
 * knows of the subscriber changes nothing.
 */
@ApplicationScoped
public class AudienceRepository {
    // A state newer than the subscriber's tombstone drops it (a reverted bulk delete revives the subscriber); one as
    // old as the tombstone or older is not inserted (see V22_1). The CTE and the NOT EXISTS see the same snapshot:
    // the CTE only drops tombstones the NOT EXISTS would not count.
    private static final String UPSERT = """
            WITH revived AS (DELETE FROM audience_tombstone WHERE id = $1 AND revision < $7)
            INSERT INTO audience_subscriber (id, email, name, attributes, status, status_reason, revision, updated_at,
                                             status_changed_at)
            SELECT $1::bigint, $2::text, $3::text, $4::jsonb, $5::text, $6::text, $7::bigint, $8::timestamptz,
                   $8::timestamptz
            WHERE NOT EXISTS (SELECT 1 FROM audience_tombstone t WHERE t.id = $1 AND t.revision >= $7)
            ON CONFLICT (id) DO UPDATE SET
                email = EXCLUDED.email, name = EXCLUDED.name, attributes = EXCLUDED.attributes,
                status = EXCLUDED.status, status_reason = EXCLUDED.status_reason, revision = EXCLUDED.revision,
                updated_at = EXCLUDED.updated_at,
                status_changed_at = CASE WHEN audience_subscriber.status <> EXCLUDED.status
                                         THEN EXCLUDED.updated_at ELSE audience_subscriber.status_changed_at END
            WHERE audience_subscriber.revision < EXCLUDED.revision
            RETURNING id""";
    // Deletes the rows no newer than their tombstone and keeps the tombstone's revision; a tombstone older than the
    // stored state (published out of order) changes nothing. One statement for a run of tombstones in a poll.
    private static final String DELETE = """
            WITH t AS (SELECT id, max(revision) AS revision FROM unnest($1::bigint[], $2::bigint[]) AS t(id, revision)
                       GROUP BY id),
                 gone AS (DELETE FROM audience_subscriber s USING t WHERE s.id = t.id AND s.revision <= t.revision)
            INSERT INTO audience_tombstone (id, revision)
            SELECT t.id, t.revision FROM t
            WHERE NOT EXISTS (SELECT 1 FROM audience_subscriber s WHERE s.id = t.id AND s.revision > t.revision)
            ON CONFLICT (id) DO UPDATE SET revision = EXCLUDED.revision
            WHERE audience_tombstone.revision < EXCLUDED.revision""";
    private static final String CLEAR_SUBSCRIPTIONS = "DELETE FROM audience_subscription WHERE subscriber_id = $1";
    private static final String INSERT_SUBSCRIPTIONS = """
            INSERT INTO audience_subscription (subscriber_id, list_id, status, double_optin)
            SELECT $1, * FROM unnest($2::bigint[], $3::text[], $4::boolean[])""";

    /**
     * Applies a poll's changes in offset order inside the caller's transaction: a key's tombstone and its next state
     * (a delete, then its revert) must not swap. Consecutive deletions go as one statement.
     */
    public Uni<Void> apply(SqlClient tx, List<AudienceChange> changes) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        List<AudienceChange.Deletion> run = new ArrayList<>();
        for (AudienceChange change : changes) {
            if (change instanceof AudienceChange.Deletion deletion) {
                run.add(deletion);
                continue;
            }
            chain = deleteAll(tx, chain, run);
            run = new ArrayList<>();
            SubscriberState state = ((AudienceChange.State) change).state();
            chain = chain.flatMap(x -> upsert(tx, state));
        }
        return deleteAll(tx, chain, run);
    }

    private static Uni<Void> deleteAll(SqlClient tx, Uni<Void> chain, List<AudienceChange.Deletion> run) {
        if (run.isEmpty()) {
            return chain;
        }
        Long[] ids = run.stream().map(AudienceChange.Deletion::id).toArray(Long[]::new);
        Long[] revisions = run.stream().map(AudienceChange.Deletion::revision).toArray(Long[]::new);
        return chain.flatMap(x -> tx.preparedQuery(DELETE).execute(Tuple.of(ids, revisions)).replaceWithVoid());
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
