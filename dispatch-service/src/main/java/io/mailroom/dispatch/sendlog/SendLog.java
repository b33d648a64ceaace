package io.mailroom.dispatch.sendlog;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.mailroom.events.SendOutcome;
import io.mailroom.events.SendRequest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** The durable idempotency log keyed by the send's idempotency key. */
@ApplicationScoped
public class SendLog {
    // Inserts SENDING, or takes over a row a transient failure left RETRYING; any other row is someone else's.
    private static final String CLAIM = """
            INSERT INTO send_log (idempotency_key, campaign_id, subscriber_id, generation, channel, state, attempts)
            VALUES ($1, $2, $3, $4, $5, 'SENDING', 1)
            ON CONFLICT (idempotency_key) DO UPDATE SET state = 'SENDING', attempts = send_log.attempts + 1,
                channel = EXCLUDED.channel, updated_at = now()
            WHERE send_log.state = 'RETRYING'
            RETURNING attempts, ambiguous""";
    private static final String TAKE_OVER = """
            UPDATE send_log SET attempts = attempts + 1, ambiguous = TRUE, updated_at = now()
            WHERE idempotency_key = $1 AND state = 'SENDING' RETURNING attempts, ambiguous""";
    // Set-based: one statement for a whole group of outcomes (arrays in, unnest joins them to their rows).
    private static final String FINISH = """
            UPDATE send_log s SET state = u.state, provider_id = u.provider_id, reason = u.reason, detail = u.detail,
                ambiguous = s.ambiguous OR u.ambiguous, updated_at = now()
            FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bool[])
                 AS u(idempotency_key, state, provider_id, reason, detail, ambiguous)
            WHERE s.idempotency_key = u.idempotency_key""";

    @Inject
    Pool pool;

    public Uni<Claim> claim(SendRequest send, String channel) {
        Tuple args = Tuple.of(send.idempotencyKey(), send.campaignId(), send.subscriberId(), send.generation(), channel);
        return pool.preparedQuery(CLAIM).execute(args).flatMap(rows -> rows.size() > 0
                ? Uni.createFrom().item(owned(rows.iterator().next()))
                : find(send.idempotencyKey()).map(Claim.Existing::new));
    }

    /** Resend policy for a row found SENDING after a crash: this worker takes the attempt over (null: it lost). */
    public Uni<Claim.Owned> takeOver(String key) {
        return pool.preparedQuery(TAKE_OVER).execute(Tuple.of(key))
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
        return tx.preparedQuery(FINISH).execute(Tuple.of(keys, states, providerIds, reasons, details, ambiguous))
                .replaceWithVoid();
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
