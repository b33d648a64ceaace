package io.mailroom.campaign;

import static io.mailroom.campaign.CampaignFlowTest.OPERATOR;
import static io.mailroom.campaign.CampaignFlowTest.campaign;
import static io.mailroom.campaign.CampaignFlowTest.createCampaign;
import static io.mailroom.campaign.CampaignFlowTest.newList;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import java.time.Duration;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.mailroom.campaign.feedback.AutoPauseSweep;
import io.mailroom.local.quarkus.MailroomStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * A campaign whose hard bounces all arrived before it reached {@code min-sends} (20 in tests) is paused once its sends
 * cross that threshold with the bounce rate above the limit, although no further feedback arrives to trigger the check.
 */
@QuarkusTest
@QuarkusTestResource(value = MailroomStackResource.class, initArgs = @ResourceArg(name = "service", value = "campaign"),
        restrictToAnnotatedClass = false)
class AutoPauseSweepTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    Pool pool;

    @Inject
    AutoPauseSweep sweep;

    @Test
    void aCampaignThatCrossesMinSendsWithTooManyEarlierBouncesIsPausedWithoutNewFeedback() {
        long tooMany = runningWith(40, 3);   // 7.5 % of 40 sent: above the 5 % limit
        long fine = runningWith(40, 2);      // 5 %: not above it

        sweep.sweep().await().atMost(WAIT);

        campaign(tooMany).then().body("status", equalTo("paused"))
                .body("statusReason", containsString("bounce rate 7.50% (3 of 40 sent)"));
        campaign(fine).then().body("status", equalTo("running"));
        // the operator finds it among the paused ones
        given().header("Authorization", OPERATOR).get("/api/campaigns?status=paused&size=500").then()
                .statusCode(200).body("id", hasItem((int) tooMany)).body("id", not(hasItem((int) fine)))
                .body("status", everyItem(equalTo("paused")));
    }

    @Test
    void anUnknownStatusFilterIsRefusedNamingTheField() {
        given().header("Authorization", OPERATOR).get("/api/campaigns?status=stopped").then()
                .statusCode(400).body("errors.field", hasItem("status"));
    }

    /** A running campaign with {@code sent} SENT recipients, one still QUEUED, and {@code bounces} hard bounces. */
    private long runningWith(int sent, int bounces) {
        long id = createCampaign(newList());
        pool.withTransaction(tx -> tx.preparedQuery(
                        "UPDATE campaign SET status = 'running', started_at = now(), fanout_done = TRUE WHERE id = $1")
                .execute(Tuple.of(id))
                .flatMap(x -> tx.preparedQuery("""
                        INSERT INTO campaign_recipient (campaign_id, subscriber_id, email, generation, state)
                        SELECT $1, s, 'r' || s || '@example.com', 0, CASE WHEN s <= $2 THEN 'SENT' ELSE 'QUEUED' END
                        FROM generate_series(1, $2 + 1) s""").execute(Tuple.of(id, sent)))
                .flatMap(x -> tx.preparedQuery("""
                        INSERT INTO campaign_feedback (feedback_id, campaign_id, subscriber_id, kind)
                        SELECT $1 || s, $2, s, 'HARD_BOUNCE' FROM generate_series(1, $3) s""")
                        .execute(Tuple.of(UUID.randomUUID().toString(), id, bounces))))
                .await().atMost(WAIT);
        return id;
    }
}
