package io.mailroom.dispatch.sendlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.mailroom.dispatch.DispatchFixtures;
import io.mailroom.dispatch.StackTest;
import io.mailroom.events.SendRequest;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * A send found SENDING is taken over (and resent) only once its claim is older than any provider call can last: a
 * younger one may still be in the hands of another live instance (a partition moved to this one by a rebalance).
 */
@QuarkusTest
class TakeOverTest extends StackTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    SendLog sendLog;

    @Inject
    Pool pool;

    @Test
    void aFreshClaimIsNotTakenOverAStaleOneIs() {
        long campaign = DispatchFixtures.newId();
        SendRequest fresh = DispatchFixtures.send(campaign, DispatchFixtures.newId());
        SendRequest stale = DispatchFixtures.send(campaign, DispatchFixtures.newId());
        sendLog.claim(fresh, "smtp").await().atMost(WAIT);
        sendLog.claim(stale, "smtp").await().atMost(WAIT);
        // the stale claim was made by an instance that died ten minutes ago
        pool.preparedQuery("UPDATE send_log SET updated_at = now() - interval '10 minutes' WHERE idempotency_key = $1")
                .execute(Tuple.of(stale.idempotencyKey())).await().atMost(WAIT);

        assertThat(sendLog.takeOver(fresh.idempotencyKey()).await().atMost(WAIT))
                .as("a claim a live instance may still be sending").isNull();
        assertThat(sendLog.takeOver(stale.idempotencyKey()).await().atMost(WAIT))
                .as("second attempt, ambiguous").isEqualTo(new Claim.Owned(2, true));
    }
}
