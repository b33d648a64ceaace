package io.mailroom.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.mailroom.events.EventCodec;
import io.mailroom.events.ListCommand;
import io.mailroom.events.Topics;
import io.mailroom.local.ReceivedMail;
import io.mailroom.local.suite.Operator;
import io.mailroom.local.suite.Service;

/**
 * The scenario end to end: a subscriber whose name holds CR/LF (the API refuses such a name now; a list
 * command, or data stored before, still carries one) in a campaign whose subject is {@code News for {subscriber.name}}.
 * On the main this started from, dispatch threw once and the campaign stayed running with that recipient QUEUED;
 * now the campaign finishes, everyone is SENT, and the name stays inside the Subject without adding a header.
 */
class HostileNameTest {

    @Test
    void aNameWithLineBreaksStaysInTheSubjectAndTheCampaignFinishes() throws Exception {
        Operator op = E2e.operator();
        String name = "hostile name";
        int imported = 5;
        long list = op.createList(name);
        op.importSubscribers(list, Campaigns.prefix(name), imported, 0, Duration.ofMinutes(3));
        String bob = Campaigns.prefix(name) + "bob@example.com";
        // with the city the campaign's body names: without it Bob's mail would fail as render, rightly
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, E2e.suite().stack().kafkaBootstrap(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.LIST_COMMANDS, bob, EventCodec.encode(ListCommand.of(
                    UUID.randomUUID().toString(), ListCommand.Command.SUBSCRIBE, bob,
                    "Bob\r\nBcc: evil@attacker.example", Map.of("city", "Lyon"), List.of(list), null, "e2e",
                    Instant.now())))).get();
        }
        int members = imported + 1;
        await().atMost(Duration.ofMinutes(1)).until(() -> op.api().get(Service.SUBSCRIBER,
                "/api/subscribers?email=" + bob).ok().path("total").asInt() == 1);
        long campaign = op.createCampaign(list, name);
        op.preflight(campaign, members, Duration.ofMinutes(3));
        op.start(campaign, List.of());

        JsonNode end = op.awaitFinished(campaign, Duration.ofMinutes(3), c -> { });

        assertEquals("finished", end.get("status").asText(), end.toString());
        assertEquals(members, end.at("/counts/sent").asInt(), end.toString());
        List<ReceivedMail> toBob = await().atMost(Duration.ofSeconds(30))
                .until(() -> E2e.mailsByRecipient(campaign).getOrDefault(bob, List.of()), l -> !l.isEmpty());
        ReceivedMail mail = toBob.get(0);
        assertEquals("News for Bob Bcc: evil@attacker.example", mail.subject());
        assertFalse(mail.headers().containsKey("Bcc"), mail.headers().toString());
        assertEquals(List.of(bob), mail.to());
    }
}
