package io.mailroom.platform.kafka;

import java.time.Duration;
import java.util.function.Predicate;

import io.mailroom.events.PoisonEventException;
import io.smallrye.mutiny.Uni;

/**
 * The retry rule every consumer follows: a poison record fails at once (the connector's dead-letter-queue
 * failure strategy takes it, with the reason), anything else — a database or broker hiccup — is retried with a
 * growing delay for as long as it takes, so a valid record is never dead-lettered because of an outage.
 */
public final class Consumers {
    static final Duration FIRST_DELAY = Duration.ofMillis(100);
    static final Duration MAX_DELAY = Duration.ofSeconds(5);
    private static final Predicate<Throwable> TRANSIENT = e -> !(e instanceof PoisonEventException);

    private Consumers() {
    }

    public static <T> Uni<T> retryTransient(Uni<T> work) {
        // Mutiny's retry-with-back-off builds a Multi retry pipeline on every subscription, which profiles showed as a
        // noticeable share of CPU per record; it is only entered once the first attempt has failed.
        return work.onFailure(TRANSIENT).recoverWithUni(first -> Uni.createFrom().voidItem()
                .onItem().delayIt().by(FIRST_DELAY).flatMap(x -> work)
                .onFailure(TRANSIENT).retry().withBackOff(FIRST_DELAY, MAX_DELAY).indefinitely());
    }
}
