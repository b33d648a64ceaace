package io.mailroom.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventContractTest {

    @ParameterizedTest
    @CsvSource({
            "subscriber.state, io.mailroom.events.SubscriberState",
            "subscriber.state.blocklisted, io.mailroom.events.SubscriberState",
            "campaign.state, io.mailroom.events.CampaignState",
            "send.request, io.mailroom.events.SendRequest",
            "send.request.test, io.mailroom.events.SendRequest",
            "send.outcome.sent, io.mailroom.events.SendOutcome",
            "send.outcome.skipped, io.mailroom.events.SendOutcome",
            "send.outcome.failed, io.mailroom.events.SendOutcome",
            "feedback.hard-bounce, io.mailroom.events.FeedbackEvent",
            "feedback.delivered, io.mailroom.events.FeedbackEvent",
            "list.command.unsubscribe, io.mailroom.events.ListCommand",
            "list.command.unsubscribe-by-id, io.mailroom.events.ListCommand"})
    void everyFixtureDecodesAndReencodesToTheSameDocument(String fixture, Class<? extends MailroomEvent> type)
            throws Exception {
        String json = Fixtures.json(fixture);
        MailroomEvent event = EventCodec.decode(json, type);
        String again = EventCodec.encode(event);
        assertEquals(EventCodec.mapper().readTree(json), EventCodec.mapper().readTree(again));
    }

    @Test
    void fixturesCarryTheValuesConsumersRelyOn() {
        SubscriberState s = EventCodec.decode(Fixtures.json("subscriber.state.blocklisted"), SubscriberState.class);
        assertEquals(SubscriberStatus.BLOCKLISTED, s.status());
        assertEquals("bulk-action:12", s.statusReason());
        SendOutcome o = EventCodec.decode(Fixtures.json("send.outcome.skipped"), SendOutcome.class);
        assertEquals(SendOutcome.Result.SKIPPED, o.result());
        assertEquals("blocklisted", o.reason());
    }

    @Test
    void producersFactoriesWriteSchemaValidEvents() {
        Instant now = Instant.parse("2026-11-28T10:00:00Z");
        SendRequest send = SendRequest.of(5, 42, "a@example.com", 1, "A", Map.of("k", 1), null, now);
        assertEquals("5:42:1", send.idempotencyKey());
        List<MailroomEvent> events = List.of(
                SubscriberState.of(42, "a@example.com", "A", Map.of(), SubscriberStatus.ENABLED, null,
                        List.of(new SubscriberState.Subscription(7, SubscriptionStatus.CONFIRMED, false)), 1, now),
                CampaignState.of(5, "n", "s", "f@example.com", null, "b", "text", "smtp", "running", null, List.of(7L), 10, Map.of(), 1,
                        now, new Warmup(5, 2.0, 60), now),
                SendRequest.test(5, 3, "editor@example.com", 0, "Ada", Map.of(), null, now),
                send,
                SendOutcome.of(send, SendOutcome.Result.FAILED, "smtp-permanent", "550", 1, null, "smtp", false, now),
                FeedbackEvent.of("f1", FeedbackEvent.Kind.COMPLAINT, "a@example.com", 5L, 42L, "abuse", null, "m1",
                        "n1", now),
                ListCommand.of("c1", ListCommand.Command.UNSUBSCRIBE, "a@example.com", null, null, List.of(), "x",
                        "test", now),
                ListCommand.unsubscribe("c2", 42, "a@example.com", List.of(7L), "one-click", "test", now));
        for (MailroomEvent e : events) {
            var node = EventCodec.mapper().valueToTree(e);
            assertEquals(Set0.EMPTY, EventCodec.violations(e.type(), (com.fasterxml.jackson.databind.JsonNode) node),
                    e.type());
        }
    }

    @Test
    void aSendWithoutPurposeIsACampaignSendAndOnlyTestSendsMayLackASubscriber() {
        SendRequest legacy = EventCodec.decode(Fixtures.json("send.request").replace(",\"purpose\":\"CAMPAIGN\"", ""),
                SendRequest.class);
        assertEquals(Purpose.CAMPAIGN, legacy.purpose());
        SendRequest test = EventCodec.decode(Fixtures.json("send.request.test"), SendRequest.class);
        assertTrue(test.isTest());
        assertEquals(Purpose.TEST, SendOutcome.of(test, SendOutcome.Result.SENT, null, null, 1, "m", "smtp", false,
                Instant.now()).purpose());
        String campaignWithoutSubscriber = Fixtures.json("send.request.test").replace("\"TEST\"", "\"CAMPAIGN\"");
        assertThrows(PoisonEventException.class, () -> EventCodec.decode(campaignWithoutSubscriber, SendRequest.class));
        String testWithCampaignKey = Fixtures.json("send.request.test").replace("test:5:3", "5:0:0");
        assertThrows(PoisonEventException.class, () -> EventCodec.decode(testWithCampaignKey, SendRequest.class));
    }

    @Test
    void poisonRecordsAreRejectedWithAReason() {
        assertTrue(assertThrows(PoisonEventException.class, () -> EventCodec.decode("{oops", SendRequest.class))
                .getMessage().startsWith("not JSON"));
        assertTrue(assertThrows(PoisonEventException.class,
                () -> EventCodec.decode(Fixtures.json("send.outcome.sent"), SendRequest.class))
                .getMessage().contains("expected 'send.request'"));
        String noEmail = Fixtures.json("send.request").replace("\"email\":\"ada@example.com\",", "");
        assertTrue(assertThrows(PoisonEventException.class, () -> EventCodec.decode(noEmail, SendRequest.class))
                .getMessage().contains("email"));
        String future = Fixtures.json("send.request").replace("\"version\":1", "\"version\":99");
        assertTrue(assertThrows(PoisonEventException.class, () -> EventCodec.decode(future, SendRequest.class))
                .getMessage().contains("unsupported version"));
        String failedWithoutReason = Fixtures.json("send.outcome.failed").replace("\"reason\":\"smtp-permanent\",", "");
        assertThrows(PoisonEventException.class, () -> EventCodec.decode(failedWithoutReason, SendOutcome.class));
    }

    @Test
    void everyTopicHasADeadLetterTopicAndSendsHaveTwelvePartitions() {
        var names = Topics.ALL.stream().map(Topics.TopicSpec::name).toList();
        for (String consumed : List.of(Topics.SUBSCRIBERS, Topics.LIST_COMMANDS, Topics.CAMPAIGNS, Topics.SENDS,
                Topics.OUTCOMES, Topics.FEEDBACK)) {
            assertTrue(names.contains(consumed + ".dlq"), consumed);
        }
        assertEquals(12, Topics.ALL.stream().filter(t -> t.name().equals(Topics.SENDS)).findFirst().orElseThrow()
                .partitions());
    }

    private static final class Set0 {
        static final java.util.Set<String> EMPTY = java.util.Set.of();
    }
}
