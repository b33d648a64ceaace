package io.mailroom.feedback.ses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.mailroom.events.FeedbackEvent;
import io.mailroom.feedback.testing.Fixtures;

/** Every documented SES notification type, in both shapes, becomes the right feedback per recipient. */
class SesNotificationParserTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            // fixture                    | SES type          | kind        | subtype                       | diagnostic contains
            "notification-bounce-transient | Bounce            | SOFT_BOUNCE | MailboxFull                   | 452 4.2.2",
            "notification-complaint        | Complaint         | COMPLAINT   | abuse                         | -",
            "notification-delivery         | Delivery          | DELIVERED   | -                             | 250 ok",
            "event-bounce-permanent        | Bounce            | HARD_BOUNCE | General                       | 550 5.1.1",
            "event-bounce-transient        | Bounce            | SOFT_BOUNCE | General                       | 421 4.4.7",
            "event-bounce-undetermined     | Bounce            | SOFT_BOUNCE | Undetermined                  | -",
            "event-complaint               | Complaint         | COMPLAINT   | abuse                         | -",
            "event-delivery                | Delivery          | DELIVERED   | -                             | 250 2.6.0",
            "event-reject                  | Reject            | REJECTED    | Reject                        | Bad content",
            "event-open                    | Open              | OPENED      | -                             | -",
            "event-click                   | Click             | CLICKED     | -                             | send-email-smtp.html",
            "event-rendering-failure       | Rendering Failure | REJECTED    | RenderingFailure              | attributeName",
            "event-delivery-delay          | DeliveryDelay     | DELAYED     | TransientCommunicationFailure | 421 4.4.1",
    })
    void oneFeedbackPerRecipient(String fixture, String sesType, String kind, String subtype, String diagnostic) {
        SesNotification n = SesNotificationParser.parse(Fixtures.ses(fixture));

        assertEquals(sesType, n.sesType());
        assertNotNull(n.providerMessageId());
        assertEquals(1, n.feedback().size(), "feedback of " + fixture);
        RecipientFeedback f = n.feedback().get(0);
        assertEquals(kind, f.kind().name());
        assertTrue(f.email().endsWith("@example.com"));
        assertEquals(subtype, f.subtype());
        if (diagnostic == null) {
            assertNull(f.diagnostic());
        } else {
            assertTrue(f.diagnostic().contains(diagnostic), f.diagnostic());
        }
        assertNotNull(f.occurredAt());
    }

    @ParameterizedTest
    @CsvSource({"event-send,Send", "event-subscription,Subscription", "event-unknown,SomethingSesAddsLater"})
    void typesWeDoNotActOnAreReadWithoutFeedback(String fixture, String sesType) {
        SesNotification n = SesNotificationParser.parse(Fixtures.ses(fixture));

        assertEquals(sesType, n.sesType());
        assertEquals(List.of(), n.feedback());
    }

    @Test
    void severalRecipientsGiveOneFeedbackEachWithBareLowerCaseAddresses() {
        SesNotification n = SesNotificationParser.parse(Fixtures.ses("notification-bounce-permanent"));

        assertEquals("Bounce", n.sesType());
        assertTrue(n.feedback().stream().allMatch(f -> f.kind() == FeedbackEvent.Kind.HARD_BOUNCE));
        assertEquals(List.of("jane@example.com", "richard@example.com"),
                n.feedback().stream().map(RecipientFeedback::email).toList());
        assertEquals("5.1.1", n.feedback().get(0).diagnostic().substring(10, 15));
        assertNull(n.feedback().get(1).diagnostic());
        assertEquals(Instant.parse("2016-01-27T14:59:38.237Z"), n.feedback().get(0).occurredAt());
    }

    @Test
    void aNulInAFieldBecomesTheReplacementCharacterSoThatTheTextCanBeStored() {
        SesNotification n = SesNotificationParser.parse(Fixtures.ses("event-delivery")
                .replace("250 2.6.0 Message received", "250 \\u0000 received")
                .replace("EXAMPLE-delivery-000000", "EXAMPLE-\\u0000"));

        assertEquals("250 \uFFFD received", n.feedback().get(0).diagnostic());
        assertEquals("EXAMPLE-\uFFFD", n.providerMessageId());
    }

    @Test
    void tagsSetByDispatchAreRead() {
        SesNotification n = SesNotificationParser.parse(Fixtures.ses("event-delivery"));

        assertEquals("42", n.tags().get("campaign"));
        assertEquals("4242", n.tags().get("subscriber"));
        assertEquals("EXAMPLE-delivery-000000", n.providerMessageId());
    }

    @Test
    void timestampsWithASpaceBeforeTheOffsetAreRead() {
        SesNotification n = SesNotificationParser.parse(Fixtures.ses("notification-bounce-transient"));

        assertEquals(Instant.parse("2018-10-08T14:05:45Z"), n.feedback().get(0).occurredAt());
    }

    @Test
    void aMessageThatIsNotAnSesNotificationIsUnparsableNotAnError() {
        assertEquals(SesNotification.UNPARSABLE,
                SesNotificationParser.parse("Successfully validated SNS topic for Amazon SES event publishing.").sesType());
        assertEquals(SesNotification.UNPARSABLE, SesNotificationParser.parse("{\"mail\":{}}").sesType());
        assertEquals(SesNotification.UNPARSABLE, SesNotificationParser.parse(null).sesType());
    }
}
