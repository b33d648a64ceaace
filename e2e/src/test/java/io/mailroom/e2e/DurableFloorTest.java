package io.mailroom.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.mailroom.bench.core.KafkaProbe;
import io.mailroom.bench.dispatch.DurableFloor;
import io.mailroom.local.EmbeddedStack;
import io.mailroom.local.Ports;

/**
 * The dispatch benchmark's second baseline against the real broker, PostgreSQL and SMTP server: every recipient is
 * mailed exactly once and ends SENT, and a run that could not deliver its mail fails instead of reporting a rate.
 */
class DurableFloorTest {
    @Test
    void everyRecipientIsMailedOnceAndTheRunReportsItsRate() throws Exception {
        EmbeddedStack stack = E2e.suite().stack();
        int n = 400;
        try (KafkaProbe kafka = new KafkaProbe(stack.kafkaBootstrap());
                DurableFloor floor = new DurableFloor(stack, kafka, "127.0.0.1", E2e.greenMailPort(), 20)) {
            double rate = floor.send(n);

            assertTrue(rate > 0, "rate " + rate);
            assertEquals(n, floor.done(), "outcomes folded into recipient rows");
            Map<String, Long> mailsPerRecipient = stack.inbox().messages().stream()
                    .flatMap(m -> m.to().stream()).filter(to -> to.matches("floor\\d+@example\\.com"))
                    .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
            assertEquals(n, mailsPerRecipient.size(), "recipients mailed");
            assertTrue(mailsPerRecipient.values().stream().allMatch(c -> c == 1), "someone was mailed twice");
        }
    }

    @Test
    void aRunWhoseMailCannotBeDeliveredFailsInsteadOfReportingARate() throws Exception {
        EmbeddedStack stack = E2e.suite().stack();
        int nobodyListening = Ports.resolve(0, "unused");
        try (KafkaProbe kafka = new KafkaProbe(stack.kafkaBootstrap());
                DurableFloor floor = new DurableFloor(stack, kafka, "127.0.0.1", nobodyListening, 20)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> floor.send(5));
            assertTrue(e.getMessage().contains("failed"), e.getMessage());
        }
    }
}
