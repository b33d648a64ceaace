package io.mailroom.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.mailroom.events.PoisonEventException;
import io.smallrye.mutiny.Uni;

/** The consumer retry rule: transient failures are retried until the work succeeds, a poison record is not. */
class ConsumersTest {
    private final AtomicInteger attempts = new AtomicInteger();

    private Uni<String> failingTimes(int failures, RuntimeException failure) {
        return Uni.createFrom().item(() -> {
            if (attempts.incrementAndGet() <= failures) {
                throw failure;
            }
            return "done";
        });
    }

    @Test
    void workThatSucceedsRunsOnce() {
        assertThat(Consumers.retryTransient(failingTimes(0, new IllegalStateException())).await()
                .atMost(Duration.ofSeconds(5))).isEqualTo("done");
        assertThat(attempts).hasValue(1);
    }

    @Test
    void aTransientFailureIsRetriedUntilTheWorkSucceeds() {
        String result = Consumers.retryTransient(failingTimes(3, new IllegalStateException("database restarting")))
                .await().atMost(Duration.ofSeconds(30));
        assertThat(result).isEqualTo("done");
        assertThat(attempts).hasValue(4);
    }

    @Test
    void aPoisonFailureIsNotRetried() {
        Uni<String> work = Consumers.retryTransient(failingTimes(1, new PoisonEventException("not JSON")));
        assertThatThrownBy(() -> work.await().atMost(Duration.ofSeconds(5)))
                .isInstanceOf(PoisonEventException.class).hasMessage("not JSON");
        assertThat(attempts).hasValue(1);
    }

    @Test
    void aPoisonFailureOnARetryEndsTheRetries() {
        AtomicInteger calls = new AtomicInteger();
        Uni<String> work = Uni.createFrom().item(() -> {
            throw calls.incrementAndGet() == 1 ? new IllegalStateException("hiccup") : new PoisonEventException("bad");
        });
        assertThatThrownBy(() -> Consumers.retryTransient(work).await().atMost(Duration.ofSeconds(5)))
                .isInstanceOf(PoisonEventException.class);
        assertThat(calls).hasValue(2);
    }
}
