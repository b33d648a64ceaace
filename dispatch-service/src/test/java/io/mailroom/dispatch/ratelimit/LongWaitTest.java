package io.mailroom.dispatch.ratelimit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.mailroom.dispatch.DispatchFixtures;
import io.mailroom.dispatch.StackTest;
import io.mailroom.events.CampaignState;
import io.mailroom.events.SendOutcome;
import io.mailroom.events.SendOutcome.Result;
import io.mailroom.events.SendRequest;
import io.mailroom.events.Warmup;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A rate-limit wait longer than SmallRye's default {@code throttled.unprocessed-record-max-age.ms} (60 s): 75 sends
 * of a 1 msg/s campaign, the last one unacknowledged for ~75 s. The channel must stay healthy and keep consuming
 * (the production configuration, nothing lowered for the test).
 */
@QuarkusTest
@Tag("slow")
class LongWaitTest extends StackTest {
    private static final int SENDS = 75;

    @Test
    void aWaitLongerThanTheUnprocessedRecordMaxAgeKeepsTheChannelHealthy() {
        CampaignState base = DispatchFixtures.campaign(DispatchFixtures.newId(), "running", "<p>Hi</p>");
        // one msg/s for the first hour, no rate limit of its own
        CampaignState slow = replicated(CampaignState.of(base.campaignId(), base.name(), base.subject(),
                base.fromEmail(), null, base.body(), "html", "smtp", "running", null, base.listIds(), null, null, 1,
                Instant.now(), new Warmup(1, 2.0, 3600), Instant.now()));
        List<SendRequest> sends = IntStream.range(0, SENDS)
                .mapToObj(i -> DispatchFixtures.send(slow.campaignId(), DispatchFixtures.newId())).toList();
        Instant published = Instant.now();
        sends.forEach(kafka::publish);

        Duration patience = Duration.ofSeconds(SENDS + 60);
        await().atMost(patience).pollInSameThread()
                .until(() -> sends.stream().allMatch(send -> !outcomesOf(send).isEmpty()));
        List<SendOutcome> outcomes = sends.stream().map(send -> outcomesOf(send).get(0)).toList();
        assertThat(outcomes).extracting(SendOutcome::result).containsOnly(Result.SENT);
        Instant last = outcomes.stream().map(SendOutcome::occurredAt).max(Instant::compareTo).orElseThrow();
        assertThat(Duration.between(published, last)).as("the last send waited longer than the 60 s default max age")
                .isGreaterThan(Duration.ofSeconds(65));

        // the throttled strategy checks ages every 5 s (auto.commit.interval.ms): a failed channel shows by now
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/health/live").then().statusCode(200);
        // and the channel still consumes
        CampaignState fast = replicated(DispatchFixtures.campaign(DispatchFixtures.newId(), "running", "<p>Hi</p>"));
        SendRequest after = DispatchFixtures.send(fast.campaignId(), DispatchFixtures.newId());
        kafka.publish(after);
        assertThat(awaitOutcomes(after, 1)).extracting(SendOutcome::result).containsExactly(Result.SENT);
    }
}
