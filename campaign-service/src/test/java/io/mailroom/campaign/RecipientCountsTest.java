package io.mailroom.campaign;

import static io.mailroom.campaign.CampaignFlowTest.createCampaign;
import static io.mailroom.campaign.CampaignFlowTest.newList;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.mailroom.campaign.recipient.Counts;
import io.mailroom.campaign.recipient.RecipientRepository;
import io.mailroom.events.SendOutcome;
import io.mailroom.events.SendOutcome.Result;
import io.mailroom.local.quarkus.MailroomStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The counts the database keeps with every change of the recipient rows (inserts, outcome batches, requeues,
 * deletes) always equal a GROUP BY over the rows, and an outcome batch lands once per recipient.
 */
@QuarkusTest
@QuarkusTestResource(value = MailroomStackResource.class, initArgs = @ResourceArg(name = "service", value = "campaign"),
        restrictToAnnotatedClass = false)
class RecipientCountsTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    Pool pool;

    @Inject
    RecipientRepository recipients;

    @Test
    void countsFollowEveryChangeOfTheRows() {
        long id = createCampaign(newList());
        sql(id, """
                INSERT INTO campaign_recipient (campaign_id, subscriber_id, email, generation, state, reason)
                SELECT $1, s, 'r' || s || '@example.com', 0, CASE WHEN s > 10 THEN 'SKIPPED' ELSE 'QUEUED' END,
                       CASE WHEN s > 10 THEN 'blocklisted' END
                FROM generate_series(1, 12) s""");
        sql(id, "UPDATE campaign_recipient SET state = 'SKIPPED', reason = 'cancelled' WHERE campaign_id = $1 "
                + "AND subscriber_id = 9");
        assertMatchesRows(id);

        pool.withTransaction(tx -> recipients.recordOutcomes(tx, List.of(
                outcome(id, 1, Result.SENT, null, false),
                outcome(id, 2, Result.SENT, null, true),
                outcome(id, 3, Result.SENT, null, false),
                outcome(id, 3, Result.FAILED, "smtp-5xx", false),      // a redelivery: the first outcome stands
                outcome(id, 4, Result.FAILED, "smtp-5xx", false),
                outcome(id, 9, Result.SKIPPED, "cancelled", false),
                outcome(id, 9, Result.SENT, null, false),              // went out although cancelled: SENT wins
                outcome(id, 10, Result.SKIPPED, "unsubscribed", false),
                outcome(id, 99, Result.SENT, null, false))))            // no such recipient: nothing changes
                .await().atMost(WAIT);

        Counts counts = assertMatchesRows(id);
        assertThat(counts.total()).isEqualTo(12);
        assertThat(counts.sent()).isEqualTo(4);
        assertThat(counts.failed()).isEqualTo(1);
        assertThat(counts.failedByReason()).containsExactly(Map.entry("smtp-5xx", 1L));
        assertThat(counts.skippedByReason()).containsOnly(Map.entry("blocklisted", 2L), Map.entry("unsubscribed", 1L));
        assertThat(counts.queued()).isEqualTo(4);
        assertThat(counts.ambiguous()).isEqualTo(1);
        assertThat(counts.sendsPerSecond()).as("5 sends within the last minute").isPositive();
        assertThat(scalar(id, "SELECT state FROM campaign_recipient WHERE campaign_id = $1 AND subscriber_id = 3"))
                .isEqualTo("SENT");

        // a resend of the skipped ones, a deleted row
        sql(id, "UPDATE campaign_recipient SET state = 'QUEUED', reason = NULL, generation = 1 "
                + "WHERE campaign_id = $1 AND state = 'SKIPPED'");
        sql(id, "DELETE FROM campaign_recipient WHERE campaign_id = $1 AND subscriber_id = 1");
        counts = assertMatchesRows(id);
        assertThat(counts.total()).isEqualTo(11);
        assertThat(counts.queued()).isEqualTo(7);
        assertThat(counts.skipped()).isZero();
    }

    /** Asserts that the kept counts equal the rows' GROUP BY, and returns them. */
    private Counts assertMatchesRows(long id) {
        Counts counts = recipients.counts(id).await().atMost(WAIT);
        Map<String, Long> byStateAndReason = new TreeMap<>();
        long ambiguous = 0;
        for (Row r : pool.preparedQuery("SELECT state, coalesce(reason, '') AS reason, count(*) AS n, "
                + "count(*) FILTER (WHERE ambiguous) AS ambiguous FROM campaign_recipient WHERE campaign_id = $1 "
                + "GROUP BY 1, 2").execute(Tuple.of(id)).await().atMost(WAIT)) {
            byStateAndReason.put(r.getString("state") + "/" + r.getString("reason"), r.getLong("n"));
            ambiguous += r.getLong("ambiguous");
        }
        Map<String, Long> kept = new TreeMap<>();
        for (Row r : pool.preparedQuery("SELECT state, reason, n FROM campaign_recipient_count WHERE campaign_id = $1 "
                + "AND n <> 0").execute(Tuple.of(id)).await().atMost(WAIT)) {
            kept.put(r.getString("state") + "/" + r.getString("reason"), r.getLong("n"));
        }
        assertThat(kept).isEqualTo(byStateAndReason);
        assertThat(counts.total()).isEqualTo(byStateAndReason.values().stream().mapToLong(Long::longValue).sum());
        assertThat(counts.total()).isEqualTo(counts.queued() + counts.sent() + counts.skipped() + counts.failed());
        assertThat(counts.ambiguous()).isEqualTo(ambiguous);
        return counts;
    }

    private static SendOutcome outcome(long campaign, long subscriber, Result result, String reason,
            boolean ambiguous) {
        return new SendOutcome(SendOutcome.TYPE, SendOutcome.VERSION, campaign, subscriber,
                "r" + subscriber + "@example.com", 0, campaign + ":" + subscriber + ":0", result, reason, null, 1,
                result == Result.SENT ? "<" + campaign + "." + subscriber + ".0@mailroom>" : null, "smtp", ambiguous,
                Instant.now(), null);
    }

    private void sql(long id, String statement) {
        pool.preparedQuery(statement).execute(Tuple.of(id)).await().atMost(WAIT);
    }

    private String scalar(long id, String query) {
        return pool.preparedQuery(query).execute(Tuple.of(id)).await().atMost(WAIT).iterator().next().getString(0);
    }
}
