package io.mailroom.campaign.fanout;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import io.mailroom.platform.outbox.OutboxMessage;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;

/**
 * Publishes a fan-out page's send requests straight to {@code mailroom.sends} (channel {@code sends}, acks=all) and
 * completes once the broker acknowledged every one of them. The fan-out's exception to "produce through the outbox":
 * a million outbox rows written, read back and deleted cost far more than the sends themselves (README, fan-out),
 * and the page's transaction commits its cursor only after these acknowledgements, which is the same guarantee.
 */
@ApplicationScoped
public class SendPublisher {
    /** The most records one page may hold in flight; {@code mailroom.fanout.batch-size} must not exceed it. */
    static final int MAX_IN_FLIGHT = 20_000;

    @Inject
    @Channel("sends")
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = MAX_IN_FLIGHT)
    MutinyEmitter<Record<String, String>> emitter;

    Uni<Void> publish(List<OutboxMessage> sends) {
        if (sends.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Uni<Void>> acks = new ArrayList<>(sends.size());
        for (OutboxMessage m : sends) {
            acks.add(emitter.send(Record.of(m.key(), m.payload())));
        }
        return Uni.join().all(acks).andFailFast().replaceWithVoid();
    }
}
