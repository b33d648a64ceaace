package io.mailroom.dispatch.sendlog;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.mailroom.events.SendOutcome;
import io.mailroom.events.SendRequest;
import io.mailroom.platform.group.GroupCall;
import io.mailroom.platform.sql.PlannerHints;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** The durable idempotency log keyed by the send's idempotency key. */
@ApplicationScoped
public class SendLog {
    /** One send asking to be claimed on a channel. */
    record ClaimRequest(SendRequest send, String channel) {}

    private static final int MAX_GROUP = 500;
    // Inserts SENDING, or takes over a row a transient failure left RETRYING; any other row is someone else's. One
    // statement for a whole group of claims (distinct keys: ON CONFLICT may touch a row only once per statement).
    private static final String CLAIM = """
            INSERT INTO send_log (idempotency_key, campaign_id, subscriber_id, generation, channel, state, attempts)
            SELECT k, c, s, g, ch, 'SENDING', 1
            FROM unnest($1::text[], $2::int8[], $3::int8[], $4::int4[], $5::text[]) AS u(k, c, s, g, ch)
            ON CONFLICT (idempotency_key) DO UPDATE SET state = 'SENDING', attempts = send_log.attempts + 1,
                channel = EXCLUDED.channel, updated_at = now()
            WHERE send_log.state = 'RETRYING'
            RETURNING idempotency_key, attempts, ambiguous""";
    // Only a claim older than any provider call can last: a younger SENDING row may belong to a live instance whose
    // partition moved here in a rebalance, and resending it would mail the recipient twice uncounted.
    private static final String TAKE_OVER = """
            UPDATE send_log SET attempts = attempts + 1, ambiguous = TRUE, updated_at = now()
            WHERE idempotency_key = $1 AND state = 'SENDING' AND updated_at < now() - make_interval(secs => $2)
            RETURNING attempts, ambiguous""";
    // Set-based: one statement for a whole group of outcomes (arrays in, unnest joins them to their rows).
    private static final String FINISH = """
            UPDATE send_log s SET state = u.state, provider_id = u.provider_id, reason = u.reason, detail = u.detail,
                ambiguous = s.ambiguous OR u.ambiguous, updated_at = now()
            FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bool[])
                 AS u(idempotency_key, state, provider_id, reason, detail, ambiguous)
            WHERE s.idempotency_key = u.idempotency_key""";

    @Inject
    Pool pool;

    /** Longer than an SMTP transaction (mailroom.smtp.send-timeout, 30 s) or an SES call (api-call-timeout, 25 s). */
    @ConfigProperty(name = "mailroom.dispatch.take-over-after", defaultValue = "45s")
    Duration takeOverAfter;

    private final GroupCall<ClaimRequest, Claim> claims = new GroupCall<>(MAX_GROUP, this::claimAll);

    /** Claims the key for this worker, grouped with the claims running concurrently into one statement. */
    public Uni<Claim> claim(SendRequest send, String channel) {
        return claims.submit(new ClaimRequest(send, channel));
    }

    /** One claim per request, in order; a key claimed twice in the group is owned once, the other sees the row. */
    Uni<List<Claim>> claimAll(List<ClaimRequest> requests) {
        Map<String, ClaimRequest> distinct = new LinkedHashMap<>();
        requests.forEach(r -> distinct.putIfAbsent(r.send().idempotencyKey(), r));
        int n = distinct.size();
        String[] keys = new String[n];
        Long[] campaigns = new Long[n];
        Long[] subscribers = new Long[n];
        Integer[] generations = new Integer[n];
        String[] channels = new String[n];
        int i = 0;
        for (ClaimRequest r : distinct.values()) {
            keys[i] = r.send().idempotencyKey();
            campaigns[i] = r.send().campaignId();
            subscribers[i] = r.send().subscriberId();
            generations[i] = r.send().generation();
            channels[i++] = r.channel();
        }
        return pool.preparedQuery(CLAIM).execute(Tuple.of(keys, campaigns, subscribers, generations, channels))
                .flatMap(rows -> {
                    Map<String, Claim.Owned> owned = new HashMap<>();
                    rows.forEach(row -> owned.put(row.getString("idempotency_key"), owned(row)));
                    List<String> others = requests.stream().map(r -> r.send().idempotencyKey())
                            .filter(k -> !owned.containsKey(k)).distinct().toList();
                    return findAll(others).map(existing -> {
                        Set<String> handedOut = new HashSet<>();
                        return requests.stream().map(r -> {
                            String key = r.send().idempotencyKey();
                            Claim.Owned mine = owned.get(key);
                            return mine != null && handedOut.add(key) ? (Claim) mine
                                    : new Claim.Existing(mine != null ? sending(r, mine) : existing.get(key));
                        }).toList();
                    });
                });
    }

    /**
     * Resend policy for a row found SENDING after a crash: this worker takes the attempt over once the claim is older
     * than {@code mailroom.dispatch.take-over-after} (null: not yet, or another worker took it).
     */
    public Uni<Claim.Owned> takeOver(String key) {
        return pool.preparedQuery(TAKE_OVER).execute(Tuple.of(key, takeOverAfter.toMillis() / 1000.0))
                .map(rows -> rows.size() > 0 ? owned(rows.iterator().next()) : null);
    }

    /** A transient failure: the key may be sent again by a later delivery; {@code ambiguous} sticks once set. */
    public Uni<Void> markRetrying(String key, String detail, boolean ambiguous) {
        return pool.preparedQuery("UPDATE send_log SET state = 'RETRYING', detail = $2, ambiguous = ambiguous OR $3, "
                + "updated_at = now() WHERE idempotency_key = $1 AND state = 'SENDING'")
                .execute(Tuple.of(key, detail, ambiguous)).replaceWithVoid();
    }

    private static Claim.Owned owned(Row row) {
        return new Claim.Owned(row.getInteger("attempts"), row.getBoolean("ambiguous"));
    }

    /** Records terminal outcomes; call inside the transaction that appends them to the outbox. */
    public Uni<Void> finish(SqlClient tx, List<SendOutcome> outcomes) {
        if (outcomes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = outcomes.size();
        String[] keys = new String[n];
        String[] states = new String[n];
        String[] providerIds = new String[n];
        String[] reasons = new String[n];
        String[] details = new String[n];
        Boolean[] ambiguous = new Boolean[n];
        for (int i = 0; i < n; i++) {
            SendOutcome o = outcomes.get(i);
            keys[i] = o.idempotencyKey();
            states[i] = o.result().name();
            providerIds[i] = o.providerMessageId();
            reasons[i] = o.reason();
            details[i] = o.detail();
            ambiguous[i] = o.ambiguous();
        }
        return PlannerHints.indexScansOnly(tx).flatMap(x -> tx.preparedQuery(FINISH)
                .execute(Tuple.of(keys, states, providerIds, reasons, details, ambiguous))).replaceWithVoid();
    }

    private Uni<Map<String, SendLogEntry>> findAll(List<String> keys) {
        if (keys.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return pool.preparedQuery("SELECT * FROM send_log WHERE idempotency_key = ANY($1)")
                .execute(Tuple.of(keys.toArray(String[]::new))).map(rows -> {
                    Map<String, SendLogEntry> found = new HashMap<>();
                    rows.forEach(row -> found.put(row.getString("idempotency_key"), entry(row)));
                    return found;
                });
    }

    // The row a duplicate in the same group sees: the one its twin just claimed.
    private static SendLogEntry sending(ClaimRequest r, Claim.Owned claimed) {
        return new SendLogEntry(r.send().idempotencyKey(), r.channel(), SendLogEntry.State.SENDING, claimed.attempts(),
                null, null, null, claimed.ambiguous());
    }

    public Uni<SendLogEntry> find(String key) {
        return pool.preparedQuery("SELECT * FROM send_log WHERE idempotency_key = $1").execute(Tuple.of(key))
                .map(rows -> rows.size() == 0 ? null : entry(rows.iterator().next()));
    }

    private static SendLogEntry entry(Row row) {
        return new SendLogEntry(row.getString("idempotency_key"), row.getString("channel"),
                SendLogEntry.State.valueOf(row.getString("state")), row.getInteger("attempts"),
                row.getString("provider_id"), row.getString("reason"), row.getString("detail"),
                row.getBoolean("ambiguous"));
    }
}
