package io.mailroom.dispatch.sendlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.mailroom.dispatch.DispatchFixtures;
import io.mailroom.dispatch.StackTest;
import io.mailroom.dispatch.sendlog.SendLog.ClaimRequest;
import io.mailroom.dispatch.sendlog.SendLogEntry.State;
import io.mailroom.events.SendOutcome;
import io.mailroom.events.SendOutcome.Result;
import io.mailroom.events.SendRequest;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * One statement claims a whole group: new keys are owned, a key already SENT or SENDING is someone else's, a key
 * left RETRYING is taken over, and a key twice in the group is owned once.
 */
@QuarkusTest
class SendLogGroupTest extends StackTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    SendLog sendLog;

    @Inject
    Pool pool;

    @Test
    void aGroupOfClaimsOverNewSentSendingAndRetryingKeys() {
        long campaign = DispatchFixtures.newId();
        SendRequest fresh = DispatchFixtures.send(campaign, DispatchFixtures.newId());
        SendRequest sent = DispatchFixtures.send(campaign, DispatchFixtures.newId());
        SendRequest sending = DispatchFixtures.send(campaign, DispatchFixtures.newId());
        SendRequest retrying = DispatchFixtures.send(campaign, DispatchFixtures.newId());
        SendRequest twice = DispatchFixtures.send(campaign, DispatchFixtures.newId());
        sendLog.claim(sent, "smtp").await().atMost(WAIT);
        pool.withTransaction(tx -> sendLog.finish(tx, List.of(SendOutcome.of(sent, Result.SENT, null, null, 1,
                "<sent@mailroom>", "smtp", false, Instant.now())))).await().atMost(WAIT);
        sendLog.claim(sending, "smtp").await().atMost(WAIT);
        sendLog.claim(retrying, "smtp").await().atMost(WAIT);
        sendLog.markRetrying(retrying.idempotencyKey(), "421 try later", true).await().atMost(WAIT);

        List<Claim> claims = sendLog.claimAll(List.of(new ClaimRequest(fresh, "smtp"), new ClaimRequest(sent, "smtp"),
                new ClaimRequest(sending, "smtp"), new ClaimRequest(retrying, "ses"), new ClaimRequest(twice, "smtp"),
                new ClaimRequest(twice, "smtp"))).await().atMost(WAIT);

        assertThat(claims.get(0)).isEqualTo(new Claim.Owned(1, false));
        assertThat(((Claim.Existing) claims.get(1)).entry())
                .extracting(SendLogEntry::state, SendLogEntry::providerId).containsExactly(State.SENT, "<sent@mailroom>");
        assertThat(((Claim.Existing) claims.get(2)).entry().state()).isEqualTo(State.SENDING);
        assertThat(claims.get(3)).as("second attempt, still ambiguous from the first").isEqualTo(new Claim.Owned(2, true));
        assertThat(claims.get(4)).isEqualTo(new Claim.Owned(1, false));
        assertThat(((Claim.Existing) claims.get(5)).entry().state()).isEqualTo(State.SENDING);
        assertThat(sendLog.find(retrying.idempotencyKey()).await().atMost(WAIT))
                .extracting(SendLogEntry::state, SendLogEntry::channel).containsExactly(State.SENDING, "ses");
    }
}
