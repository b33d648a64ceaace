package io.mailroom.feedback.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.mailroom.events.FeedbackEvent;
import io.mailroom.feedback.mapping.SentMessage;
import io.mailroom.feedback.mapping.SentMessages;
import io.mailroom.feedback.ses.SesNotificationParser;
import io.mailroom.feedback.testing.TestSns;
import io.mailroom.feedback.testing.Webhook;
import io.mailroom.local.quarkus.MailroomStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/** Notifications stored together in one transaction keep the one-effect-per-MessageId and mapping promises. */
@QuarkusTest
@QuarkusTestResource(value = MailroomStackResource.class, initArgs = @ResourceArg(name = "service", value = "feedback"),
        restrictToAnnotatedClass = false)
class BatchIngestTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    Pool pool;

    @Inject
    BatchWriter writer;

    @Inject
    FeedbackIntake intake;

    @Inject
    SentMessages sentMessages;

    @Test
    void twoCopiesOfOneMessageInOneBatchHaveOneEffect() {
        String mid = Webhook.newMessageId();
        String other = Webhook.newMessageId();
        InboundNotification bounce = inbound(mid, Webhook.fixtureFor("notification-bounce-permanent", mid));
        InboundNotification copy = inbound(mid, Webhook.fixtureFor("notification-bounce-permanent", mid));
        InboundNotification delivery = inbound(other, Webhook.fixtureFor("event-delivery", other));

        List<IngestResult> results = writer.write(List.of(bounce, copy, delivery)).await().atMost(WAIT);

        assertFalse(results.get(0).duplicate());
        assertEquals(2, results.get(0).events().size());
        assertEquals(IngestResult.DUPLICATE, results.get(1));
        assertEquals(List.of(FeedbackEvent.Kind.DELIVERED),
                results.get(2).events().stream().map(FeedbackEvent::kind).toList());
        assertEquals(1, Webhook.archived(pool, mid));
        assertEquals(2, Webhook.feedbackRows(pool, mid));
        assertEquals(1, Webhook.feedbackRows(pool, other));
        assertEquals(List.of(IngestResult.DUPLICATE), writer.write(List.of(copy)).await().atMost(WAIT));
    }

    @Test
    void untaggedNotificationsOfOneBatchAreEachMappedToTheirOwnSentMessage() {
        List<InboundNotification> batch = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            String unique = Webhook.newMessageId();
            String providerId = "ses-" + unique;
            String email = "full-" + unique + "@example.com";
            sentMessages.record(pool, new SentMessage(providerId, 500 + i, 9000 + i, email), Instant.now())
                    .await().atMost(WAIT);
            batch.add(inbound(unique, Webhook.fixtureFor("notification-bounce-transient", unique)
                    .replace("full@example.com", email).replace("0100016658f2a1f0-transient-000000", providerId)));
        }

        List<IngestResult> results = writer.write(batch).await().atMost(WAIT);

        for (int i = 1; i <= 3; i++) {
            FeedbackEvent event = results.get(i - 1).events().get(0);
            assertEquals(500L + i, event.campaignId());
            assertEquals(9000L + i, event.subscriberId());
        }
    }

    @Test
    void aNotificationTheDatabaseRefusesFailsAloneWhileTheOthersSubmittedWithItAreStored() {
        List<String> ids = new ArrayList<>();
        List<Uni<IngestResult>> pending = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            // a message id too large for its unique index (btree entries are limited to 2,704 bytes) fails the
            // whole transaction it is written in
            String unique = Webhook.newMessageId();
            String mid = i == 6 ? incompressible(10_000) : unique;
            ids.add(mid);
            pending.add(intake.ingest(inbound(mid, Webhook.fixtureFor("event-delivery", unique)))
                    .memoize().indefinitely());
        }
        pending.forEach(u -> u.subscribe().with(x -> { }, e -> { }));

        for (int i = 0; i < 12; i++) {
            if (i == 6) {
                Throwable failure = pending.get(i).onItem().transform(r -> (Throwable) null)
                        .onFailure().recoverWithItem(e -> e).await().atMost(WAIT);
                assertInstanceOf(StoreUnavailableException.class, failure);
                assertEquals(0, Webhook.archived(pool, ids.get(i)));
            } else {
                assertFalse(pending.get(i).await().atMost(WAIT).duplicate());
                assertEquals(1, Webhook.feedbackRows(pool, ids.get(i)));
            }
        }
    }

    private static String incompressible(int length) {
        StringBuilder id = new StringBuilder(length);
        SecureRandom random = new SecureRandom();
        while (id.length() < length) {
            id.append(Long.toString(random.nextLong() & Long.MAX_VALUE, 36));
        }
        return id.substring(0, length);
    }

    private static InboundNotification inbound(String mid, String ses) {
        return new InboundNotification(mid, "sns", "Notification", TestSns.TOPIC, "{\"raw\":\"" + mid + "\"}",
                SesNotificationParser.parse(ses), Instant.now());
    }
}
