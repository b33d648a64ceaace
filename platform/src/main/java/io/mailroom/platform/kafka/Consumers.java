package io.mailroom.platform.kafka;

import java.time.Duration;

import io.mailroom.events.PoisonEventException;
import io.smallrye.mutiny.Uni;

/**
 * The retry rule every consumer follows: a poison record fails at once (the connector's dead-letter-queue
 * failure strategy takes it, with the reason), anything else — a database or broker hiccup — is retried with a
 * growing delay for as long as it takes, so a valid record is never dead-lettered because of an outage.
 */
public final class Consumers {
    private Consumers() {
    }

    public static <T> Uni<T> retryTransient(Uni<T> work) {
        return work.onFailure(e -> !(e instanceof PoisonEventException))
                .retry().withBackOff(Duration.ofMillis(100), Duration.ofSeconds(5)).indefinitely();
    }
}
