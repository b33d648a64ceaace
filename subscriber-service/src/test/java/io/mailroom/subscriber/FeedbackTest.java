package io.mailroom.subscriber;

import static io.mailroom.subscriber.Api.unique;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.mailroom.events.EventCodec;
import io.mailroom.events.FeedbackEvent;
import io.mailroom.events.SubscriberState;
import io.mailroom.events.SubscriberStatus;
import io.mailroom.events.SubscriptionStatus;
import io.mailroom.events.Topics;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class FeedbackTest {

    @Test
    void aHardBounceBlocklistsAndPublishes() {
        String email = "hard." + unique() + "@example.com";
        long id = Api.createSubscriber(email, List.of(Api.createList("single")));
        send("hb-" + email, FeedbackEvent.Kind.HARD_BOUNCE, email, Instant.now());
        try (TopicProbe topic = new TopicProbe(Topics.SUBSCRIBERS)) {
            SubscriberState state = EventCodec.decode(topic.awaitLatest(id, v -> v != null && v.contains("hard-bounce")),
                    SubscriberState.class);
            assertEquals(SubscriberStatus.BLOCKLISTED, state.status());
            assertEquals(SubscriptionStatus.CONFIRMED, state.subscriptions().get(0).status());
        }
        Api.as(Api.VIEWER).get("/api/audit?subscriber=" + id + "&action=feedback.hard-bounce").then()
                .body("total", equalTo(1)).body("items[0].actor", equalTo("feedback"));
    }

    @Test
    void softBouncesCountOncePerFeedbackIdAndBlocklistAtTheThirdWithinTheWindow() {
        String email = "soft." + unique() + "@example.com";
        long id = Api.createSubscriber(email, List.of());
        Instant now = Instant.now();
        send("old-" + email, FeedbackEvent.Kind.SOFT_BOUNCE, email, now.minus(20, ChronoUnit.DAYS));
        send("s1-" + email, FeedbackEvent.Kind.SOFT_BOUNCE, email, now.minus(2, ChronoUnit.DAYS));
        send("s1-" + email, FeedbackEvent.Kind.SOFT_BOUNCE, email, now.minus(2, ChronoUnit.DAYS));
        send("s2-" + email, FeedbackEvent.Kind.SOFT_BOUNCE, email, now.minus(1, ChronoUnit.DAYS));
        send("s3-" + email, FeedbackEvent.Kind.SOFT_BOUNCE, email, now);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> Api.as(Api.VIEWER).get("/api/subscribers/" + id)
                .then().body("status", equalTo("blocklisted")).body("statusReason", equalTo("soft-bounce")));
        // neither the redelivered s1 nor the bounce outside the window counted: the third distinct one did it
        Api.as(Api.VIEWER).get("/api/audit?subscriber=" + id + "&action=feedback.soft-bounce").then()
                .body("total", equalTo(1)).body("items[0].detail.feedbackId", equalTo("s3-" + email))
                .body("items[0].detail.count", equalTo(3));
        Api.as(Api.VIEWER).get("/api/subscribers/" + id).then().body("suppression.softBounces", equalTo(4))
                .body("suppression.hardBounces", equalTo(0));
    }

    @Test
    void softBouncesDeliveredOutOfOrderCountTheSame() {
        String email = "late." + unique() + "@example.com";
        long id = Api.createSubscriber(email, List.of());
        Instant now = Instant.now();
        send("l3-" + email, FeedbackEvent.Kind.SOFT_BOUNCE, email, now);
        send("l1-" + email, FeedbackEvent.Kind.SOFT_BOUNCE, email, now.minus(10, ChronoUnit.DAYS));
        send("l2-" + email, FeedbackEvent.Kind.SOFT_BOUNCE, email, now.minus(5, ChronoUnit.DAYS));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> Api.as(Api.VIEWER).get("/api/subscribers/" + id)
                .then().body("status", equalTo("blocklisted")).body("statusReason", equalTo("soft-bounce")));
    }

    @Test
    void aComplaintBlocklistsAndUnsubscribesFromEveryList() {
        String email = "complaint." + unique() + "@example.com";
        long id = Api.createSubscriber(email, List.of(Api.createList("single"), Api.createList("double")));
        send("c-" + email, FeedbackEvent.Kind.COMPLAINT, email, Instant.now());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> Api.as(Api.VIEWER).get("/api/subscribers/" + id)
                .then().body("status", equalTo("blocklisted")).body("statusReason", equalTo("complaint"))
                .body("lists.status", everyItem(equalTo("unsubscribed"))));
    }

    private static void send(String feedbackId, FeedbackEvent.Kind kind, String email, Instant at) {
        KafkaSend.send(Topics.FEEDBACK, email, EventCodec.encode(FeedbackEvent.of(feedbackId, kind, email, 5L, null,
                null, null, null, null, at)));
    }
}
