package io.mailroom.feedback.dsn;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import io.mailroom.events.EventCodec;
import io.mailroom.events.SendOutcome;
import io.mailroom.events.Topics;

import io.mailroom.feedback.mapping.SentMessage;
import io.mailroom.feedback.mapping.SentMessages;
import io.mailroom.feedback.testing.KafkaTopicReader;
import io.mailroom.feedback.testing.Webhook;
import io.mailroom.local.quarkus.MailroomStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * {@code POST /api/dsn}: a raw DSN becomes feedback mapped through the SMTP Message-ID, once — including a Message-ID
 * learned from an SMTP send's SENT outcome on {@code mailroom.outcomes}.
 */
@QuarkusTest
@QuarkusTestResource(value = MailroomStackResource.class, initArgs = @ResourceArg(name = "service", value = "feedback"),
        restrictToAnnotatedClass = false)
class DsnResourceTest {

    @Inject
    Pool pool;

    @Inject
    SentMessages sentMessages;

    @Test
    void aDsnIsStoredOnceAndMappedThroughTheSmtpMessageId() throws Exception {
        String unique = Webhook.newMessageId();
        sentMessages.record(pool, new SentMessage("<" + unique + "@mailroom>", 42, 4243,
                "gone-" + unique + "@example.org"), Instant.now()).await().indefinitely();

        postDsnAndExpectItAttributedTo(unique, 42, 4243);
    }

    // The SMTP path's DSNs are attributed through dispatch's Message-IDs, which feedback-service learns only from the
    // SENT outcomes it consumes: an outcome consumer that kept SES message ids alone would leave every DSN unmapped.
    @Test
    void aDsnIsMappedThroughTheSentOutcomeOfAnSmtpSend() throws Exception {
        String unique = Webhook.newMessageId();
        String messageId = "<" + unique + "@mailroom>";
        SendOutcome sent = new SendOutcome(SendOutcome.TYPE, SendOutcome.VERSION, 43, 4344,
                "gone-" + unique + "@example.org", 0, "43:4344:0", SendOutcome.Result.SENT, null, null, 1, messageId,
                "smtp", false, Instant.now(), null);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(KafkaTopicReader.producerConfig())) {
            // twice, as a redelivery would: the map keeps one row
            producer.send(new ProducerRecord<>(Topics.OUTCOMES, "43", EventCodec.encode(sent))).get();
            producer.send(new ProducerRecord<>(Topics.OUTCOMES, "43", EventCodec.encode(sent))).get();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> Webhook.count(pool,
                "SELECT count(*) FROM sent_message WHERE provider_message_id = $1", messageId) == 1);

        postDsnAndExpectItAttributedTo(unique, 43, 4344);
        assertEquals(1, Webhook.count(pool, "SELECT count(*) FROM sent_message WHERE provider_message_id = $1",
                messageId));
    }

    /** Posts the sample DSN for the mail {@code <unique@mailroom>} twice and checks the feedback it became. */
    private void postDsnAndExpectItAttributedTo(String unique, int campaignId, int subscriberId) throws Exception {
        String raw = new String(DsnParserTest.sample(), StandardCharsets.US_ASCII)
                .replace("DSN-ID", unique).replace("5.42.0@mailroom", unique + "@mailroom")
                .replace("Gone@Example.org", "gone-" + unique + "@example.org");
        for (String expected : new String[] {"accepted", "duplicate"}) {
            given().auth().oauth2("test-admin-token").contentType("message/rfc822").body(raw.getBytes(StandardCharsets.US_ASCII))
                    .post("/api/dsn").then().statusCode(200).body("status", equalTo(expected));
        }

        given().auth().oauth2("test-viewer-token").queryParam("email", "gone-" + unique + "@example.org")
                .get("/api/feedback").then().statusCode(200)
                .body("items[0].kind", equalTo("HARD_BOUNCE"))
                .body("items[0].campaignId", equalTo(campaignId))
                .body("items[0].subscriberId", equalTo(subscriberId))
                .body("items[0].subtype", equalTo("5.1.1"));
        assertEquals(1, Webhook.archived(pool, "dsn:<20261128102203." + unique + "@mx.example.org>"));
    }

    @Test
    void onlyAdminsMayFeedDsnsAndGarbageIs400() {
        // a DSN suppresses addresses: admin-only (was operator)
        for (String token : new String[] {"test-viewer-token", "test-operator-token"}) {
            given().auth().oauth2(token).contentType("message/rfc822").body(new byte[] {1}).post("/api/dsn").then()
                    .statusCode(403).contentType("application/problem+json");
        }
        given().auth().oauth2("test-admin-token").contentType("message/rfc822").body("not a mail".getBytes(StandardCharsets.US_ASCII))
                .post("/api/dsn").then().statusCode(400).body("errors[0].field", equalTo("body"));
    }
}
