package io.mailroom.campaign.fanout;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.mailroom.platform.kafka.BatchProducer;
import io.mailroom.platform.outbox.OutboxMessage;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;

/**
 * Publishes a fan-out page's send requests straight to {@code mailroom.sends} (acks=all, idempotent producer) and
 * completes once the broker acknowledged every one of them. The fan-out's exception to "produce through the outbox":
 * a million outbox rows written, read back and deleted cost far more than the sends themselves (README, fan-out),
 * and the page's transaction commits its cursor only after these acknowledgements, which is the same guarantee.
 */
@ApplicationScoped
public class SendPublisher {
    private final BatchProducer producer;

    @Inject
    SendPublisher(@Identifier("default-kafka-broker") Map<String, Object> kafka) {
        producer = new BatchProducer(kafka, "campaign-fanout");
    }

    void close(@Observes ShutdownEvent ev) {
        producer.close();
    }

    Uni<Void> publish(List<OutboxMessage> sends) {
        return producer.publish(sends);
    }
}
