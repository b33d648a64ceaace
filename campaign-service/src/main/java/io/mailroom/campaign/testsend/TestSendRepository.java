package io.mailroom.campaign.testsend;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.mailroom.platform.paging.Paging;
import io.mailroom.events.SendOutcome;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** The test send rows: recorded when requested, their outcome written once it is terminal. */
@ApplicationScoped
public class TestSendRepository {
    private static final Logger LOG = Logger.getLogger(TestSendRepository.class);
    private static final String INSERT = """
            INSERT INTO campaign_test_send (campaign_id, email, sample_subscriber_id, requested_by)
            SELECT $1, t.email, $3, $4 FROM unnest($2::text[]) WITH ORDINALITY AS t(email, n) ORDER BY t.n
            RETURNING *""";
    // a terminal outcome lands once; a DEFERRED one (e.g. the SES quota ran out) only replaces QUEUED
    private static final String RECORD = """
            UPDATE campaign_test_send
            SET state = $3, reason = $4, detail = $5, provider_message_id = $6, updated_at = now()
            WHERE id = $1 AND campaign_id = $2 AND (state = 'QUEUED' OR (state = 'DEFERRED' AND $3 <> 'DEFERRED'))""";

    @Inject
    Pool pool;

    public Uni<List<TestSendView>> insert(SqlClient tx, long campaignId, List<String> emails, long sampleId,
            String actor) {
        return tx.preparedQuery(INSERT)
                .execute(Tuple.of(campaignId, emails.toArray(new String[0]), sampleId, actor))
                .map(rows -> {
                    List<TestSendView> list = new ArrayList<>();
                    rows.forEach(r -> list.add(TestSendView.from(r)));
                    return list;
                });
    }

    public Uni<List<TestSendView>> page(long campaignId, int page, int size) {
        return pool.preparedQuery("SELECT * FROM campaign_test_send WHERE campaign_id = $1 ORDER BY id DESC"
                + " LIMIT $2 OFFSET $3").execute(Tuple.of(campaignId, size, Paging.offset(page, size))).map(rows -> {
                    List<TestSendView> list = new ArrayList<>();
                    rows.forEach(r -> list.add(TestSendView.from(r)));
                    return list;
                });
    }

    /** Folds the outcomes of test sends into their rows (the campaign's accounting never sees them). */
    public Uni<Void> recordOutcomes(SqlClient tx, List<SendOutcome> outcomes) {
        List<Tuple> rows = new ArrayList<>();
        for (SendOutcome o : outcomes) {
            Long id = testId(o.idempotencyKey());
            if (id == null) {
                LOG.warnf("test outcome with an unexpected idempotency key %s ignored", o.idempotencyKey());
                continue;
            }
            rows.add(Tuple.from(Arrays.asList(id, o.campaignId(), o.result().name(), o.reason(), o.detail(),
                    o.providerMessageId())));
        }
        return rows.isEmpty() ? Uni.createFrom().voidItem()
                : tx.preparedQuery(RECORD).executeBatch(rows).replaceWithVoid();
    }

    /** The test send id in {@code test:campaignId:testId}, or null. */
    static Long testId(String idempotencyKey) {
        String[] parts = idempotencyKey == null ? new String[0] : idempotencyKey.split(":");
        if (parts.length != 3 || !"test".equals(parts[0])) {
            return null;
        }
        try {
            return Long.valueOf(parts[2]);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
