package io.mailroom.feedback.sns;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.mailroom.events.EventCodec;
import io.mailroom.events.FeedbackEvent;
import io.mailroom.events.Topics;
import io.mailroom.feedback.testing.KafkaTopicReader;
import io.mailroom.feedback.testing.SnsSigner;
import io.mailroom.feedback.testing.TestSns;
import io.mailroom.feedback.testing.Webhook;
import io.mailroom.local.quarkus.MailroomStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** The SNS endpoint against the real stack: signed messages are stored and published once, forgeries change nothing. */
@QuarkusTest
@QuarkusTestResource(value = MailroomStackResource.class, initArgs = @ResourceArg(name = "service", value = "feedback"),
        restrictToAnnotatedClass = false)
class SesWebhookTest {

    @Inject
    Pool pool;

    @Test
    void aDeliveryNotificationIsAcknowledgedAndPublishedAsDelivered() {
        String mid = Webhook.newMessageId();
        String unique = UUID.randomUUID().toString();

        Webhook.postNotification(mid, Webhook.fixtureFor("event-delivery", unique))
                .statusCode(200).body("status", equalTo("accepted"));

        String email = "recipient-" + unique + "@example.com";
        try (KafkaTopicReader reader = new KafkaTopicReader(Topics.FEEDBACK)) {
            ConsumerRecord<String, String> record = reader.awaitRecords(r -> email.equals(r.key()), l -> !l.isEmpty())
                    .get(0);
            FeedbackEvent event = EventCodec.decode(record.value(), FeedbackEvent.class);
            assertEquals(FeedbackEvent.Kind.DELIVERED, event.kind());
            assertEquals(mid + ":" + email, event.feedbackId());
            assertEquals(42L, event.campaignId());
            assertEquals(4242L, event.subscriberId());
            assertEquals("EXAMPLE-delivery-000000", event.providerMessageId());
            assertEquals("250 2.6.0 Message received", event.diagnostic());
        }
    }

    @Test
    void aNotificationWithANulInItsTextIsStoredInsteadOfRefusedForever() {
        String mid = Webhook.newMessageId();
        String ses = Webhook.fixtureFor("event-delivery", mid).replace("250 2.6.0 Message received", "250 \\u0000");

        Webhook.postNotification(mid, ses).statusCode(200);

        assertEquals(1, Webhook.archived(pool, mid));
        assertEquals(1, Webhook.count(pool, "SELECT count(*) FROM feedback f JOIN notification n "
                + "ON n.id = f.notification_id WHERE n.message_id = $1 AND f.diagnostic = '250 \uFFFD'", mid));
    }

    @Test
    void anIdentityDeliveryNotificationIsAcknowledgedToo() {
        // listmonk answers 400 to Delivery notifications and SNS retries them forever
        String mid = Webhook.newMessageId();
        Webhook.postNotification(mid, Webhook.fixtureFor("notification-delivery", mid)).statusCode(200);

        assertEquals(1, Webhook.feedbackRows(pool, mid));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(nullValues = "-", value = {
            "notification-bounce-permanent, HARD_BOUNCE HARD_BOUNCE", "notification-bounce-transient, SOFT_BOUNCE",
            "notification-complaint, COMPLAINT", "notification-delivery, DELIVERED",
            "event-bounce-permanent, HARD_BOUNCE", "event-bounce-transient, SOFT_BOUNCE",
            "event-bounce-undetermined, SOFT_BOUNCE", "event-complaint, COMPLAINT", "event-delivery, DELIVERED",
            "event-send, -", "event-reject, REJECTED", "event-open, OPENED", "event-click, CLICKED",
            "event-rendering-failure, REJECTED", "event-delivery-delay, DELAYED", "event-subscription, -",
            "event-unknown, -"})
    void everyTypeInBothShapesIsAcknowledgedArchivedAndStoredAsItsKinds(String fixture, String kinds) {
        String mid = Webhook.newMessageId();

        Webhook.postNotification(mid, Webhook.fixtureFor(fixture, mid)).statusCode(200);

        assertEquals(1, Webhook.archived(pool, mid));
        List<String> stored = pool.preparedQuery("""
                SELECT f.kind FROM feedback f JOIN notification n ON n.id = f.notification_id
                WHERE n.message_id = $1 ORDER BY f.id""").execute(Tuple.of(mid))
                .map(rows -> {
                    List<String> out = new java.util.ArrayList<>();
                    rows.forEach(r -> out.add(r.getString(0)));
                    return out;
                }).await().atMost(Duration.ofSeconds(10));
        assertEquals(kinds == null ? List.of() : List.of(kinds.split(" ")), stored);
    }

    @Test
    void aJsonContentTypeIsAcceptedToo() {
        String mid = Webhook.newMessageId();
        io.restassured.RestAssured.given().contentType("application/json")
                .header("x-amz-sns-message-type", "Notification")
                .body(TestSns.get().signer().notification(mid, Webhook.fixtureFor("event-click", mid)))
                .post("/webhooks/ses").then().statusCode(200);

        assertEquals(1, Webhook.feedbackRows(pool, mid));
    }

    @Test
    void aMessageThatIsNotSesJsonIsArchivedAndAcknowledged() {
        String mid = Webhook.newMessageId();
        Webhook.postNotification(mid, "Successfully validated SNS topic for Amazon SES event publishing.")
                .statusCode(200);

        assertEquals(1, Webhook.archived(pool, mid));
        assertEquals(0, Webhook.feedbackRows(pool, mid));
    }

    @Test
    void signatureVersion1IsAccepted() {
        String mid = Webhook.newMessageId();
        SnsSigner v1 = TestSns.get().signer().withSignatureVersion("1");

        Webhook.post("Notification", v1.notification(mid, Webhook.fixtureFor("event-open", mid))).statusCode(200);

        assertEquals(1, Webhook.archived(pool, mid));
    }

    @Test
    void theSameMessageDeliveredFiveTimesIsArchivedOnceWithOneEventPerRecipient() {
        String mid = Webhook.newMessageId();
        String body = TestSns.get().signer().notification(mid, Webhook.fixtureFor("notification-bounce-permanent", mid));
        for (int i = 0; i < 5; i++) {
            Webhook.post("Notification", body).statusCode(200);
        }
        // a later message to the same keys: once it is on the topic, everything the duplicates could have caused is too
        String sentinel = Webhook.newMessageId();
        Webhook.postNotification(sentinel, Webhook.fixtureFor("notification-bounce-permanent", mid)).statusCode(200);

        assertEquals(1, Webhook.archived(pool, mid));
        assertEquals(2, Webhook.feedbackRows(pool, mid));
        Set<String> emails = Set.of("jane-" + mid + "@example.com", "richard-" + mid + "@example.com");
        try (KafkaTopicReader reader = new KafkaTopicReader(Topics.FEEDBACK)) {
            List<FeedbackEvent> events = reader.awaitRecords(r -> emails.contains(r.key()),
                    l -> l.stream().filter(r -> r.value().contains(sentinel)).count() == 2)
                    .stream().map(r -> EventCodec.decode(r.value(), FeedbackEvent.class))
                    .filter(e -> mid.equals(e.notificationId())).toList();
            assertEquals(emails, events.stream().map(FeedbackEvent::email).collect(Collectors.toSet()));
            assertEquals(2, events.size());
        }
    }

    @Test
    void aSubscriptionConfirmationForAnAllowedTopicIsConfirmed() {
        String mid = Webhook.newMessageId();
        String subscribeUrl = TestSns.get().peer().subscribeUrl(mid);

        Webhook.post("SubscriptionConfirmation", TestSns.get().signer().subscriptionConfirmation(mid, subscribeUrl))
                .statusCode(200);

        assertTrue(TestSns.get().peer().confirmations().contains("/confirm/" + mid));
        assertEquals(1, Webhook.archived(pool, mid));
    }

    @Test
    void aSubscriptionConfirmationForAnotherTopicIsRefusedAndNotConfirmed() {
        String mid = Webhook.newMessageId();
        SnsSigner other = TestSns.get().signer().withTopic("arn:aws:sns:us-east-1:666666666666:someone-else");

        Webhook.post("SubscriptionConfirmation",
                other.subscriptionConfirmation(mid, TestSns.get().peer().subscribeUrl(mid))).statusCode(403);

        assertTrue(TestSns.get().peer().confirmations().stream().noneMatch(p -> p.endsWith(mid)));
        assertEquals(0, Webhook.archived(pool, mid));
    }

    @Test
    void aSubscribeUrlThatIsNotHttpsOnAnSnsHostIsNeverFetched() {
        // signed by the test key for the allowed topic, but its SubscribeURL points elsewhere (here: loopback by
        // another name, which the test profile's trusted prefix "http://127.0.0.1:" does not cover)
        String mid = Webhook.newMessageId();
        String elsewhere = TestSns.get().peer().subscribeUrl(mid).replace("127.0.0.1", "localhost");

        Webhook.post("SubscriptionConfirmation", TestSns.get().signer().subscriptionConfirmation(mid, elsewhere))
                .statusCode(403).contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.containsString("SubscribeURL"));

        assertTrue(TestSns.get().peer().confirmations().stream().noneMatch(p -> p.endsWith(mid)));
        assertEquals(0, Webhook.archived(pool, mid));
    }

    @Test
    void aMessageOlderThanTheMaximumAgeIsRefusedAndStoresNothing() {
        // a genuine, correctly signed notification replayed two hours later (AWS: reject messages older than ~1 h)
        String mid = Webhook.newMessageId();
        SnsSigner old = TestSns.get().signer().withTimestamp(java.time.Instant.now().minus(Duration.ofHours(2)));

        Webhook.post("Notification", old.notification(mid, Webhook.fixtureFor("event-bounce-permanent", mid)))
                .statusCode(403).contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.containsString("Timestamp"));
        assertEquals(0, Webhook.archived(pool, mid));

        // and one dated in the future beyond the allowed clock skew, likewise
        String future = Webhook.newMessageId();
        SnsSigner ahead = TestSns.get().signer().withTimestamp(java.time.Instant.now().plus(Duration.ofHours(2)));
        Webhook.post("Notification", ahead.notification(future, Webhook.fixtureFor("event-bounce-permanent", future)))
                .statusCode(403);
        assertEquals(0, Webhook.archived(pool, future));

        // a message a few minutes old is fine
        String recent = Webhook.newMessageId();
        SnsSigner late = TestSns.get().signer().withTimestamp(java.time.Instant.now().minus(Duration.ofMinutes(5)));
        Webhook.post("Notification", late.notification(recent, Webhook.fixtureFor("event-bounce-permanent", recent)))
                .statusCode(200);
    }

    @Test
    void anUnsubscribeConfirmationIsArchived() {
        String mid = Webhook.newMessageId();

        Webhook.post("UnsubscribeConfirmation", TestSns.get().signer().unsubscribeConfirmation(mid)).statusCode(200);

        assertEquals(1, Webhook.archived(pool, mid));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "forged message",
            "unsigned",
            "garbage signature",
            "wrong topic",
            "http cert URL",
            "foreign cert host",
            "cert URL not a .pem",
            "unknown signature version"})
    void forgeriesAre403AndStoreNothing(String forgery) {
        String mid = Webhook.newMessageId();
        SnsSigner signer = TestSns.get().signer();
        String ses = Webhook.fixtureFor("event-bounce-permanent", mid);
        Map<String, String> envelope = switch (forgery) {
            case "wrong topic" -> signer.withTopic("arn:aws:sns:us-east-1:666666666666:other")
                    .envelope("Notification", mid, ses, null, null);
            case "http cert URL" -> signer.withCertUrl("http://sns.us-east-1.amazonaws.com/SimpleNotificationService.pem")
                    .envelope("Notification", mid, ses, null, null);
            case "foreign cert host" -> signer.withCertUrl("https://sns.us-east-1.amazonaws.com.evil.example/cert.pem")
                    .envelope("Notification", mid, ses, null, null);
            case "cert URL not a .pem" -> signer.withCertUrl("https://sns.us-east-1.amazonaws.com/cert.txt")
                    .envelope("Notification", mid, ses, null, null);
            case "unknown signature version" -> signer.withSignatureVersion("3")
                    .envelope("Notification", mid, ses, null, null);
            default -> signer.envelope("Notification", mid, ses, null, null);
        };
        switch (forgery) {
            case "forged message" -> envelope.put("Message", ses.replace("Permanent", "Transient"));
            case "unsigned" -> envelope.remove("Signature");
            case "garbage signature" -> envelope.put("Signature", "bm90IGEgc2lnbmF0dXJl");
            default -> {
            }
        }

        Webhook.post("Notification", SnsSigner.json(envelope)).statusCode(403)
                .contentType("application/problem+json");

        assertEquals(0, Webhook.archived(pool, mid));
    }

    @Test
    void aBodyThatIsNotAnSnsMessageIs400NamingTheField() {
        Webhook.post("Notification", "{\"Type\":\"Nonsense\"}").statusCode(400).body("errors[0].field", equalTo("Type"));
        Webhook.post("Notification", "not json").statusCode(400).body("errors[0].field", equalTo("body"));
    }
}
