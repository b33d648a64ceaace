package io.mailroom.campaign;

import static io.mailroom.campaign.CampaignFlowTest.createCampaign;
import static io.mailroom.campaign.CampaignFlowTest.newList;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.mailroom.campaign.recipient.SendSecondsPrune;
import io.mailroom.local.quarkus.MailroomStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** The per-second send counts older than the prune's horizon go; the last minutes, which the rate reads, stay. */
@QuarkusTest
@QuarkusTestResource(value = MailroomStackResource.class, initArgs = @ResourceArg(name = "service", value = "campaign"),
        restrictToAnnotatedClass = false)
class SendSecondsPruneTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    Pool pool;

    @Inject
    SendSecondsPrune prune;

    @Test
    void secondsOlderThanTenMinutesAreDeletedAndRecentOnesKept() {
        long id = createCampaign(newList());
        pool.preparedQuery("""
                INSERT INTO campaign_send_second (campaign_id, second, n)
                VALUES ($1, date_trunc('second', now()) - interval '2 hours', 5),
                       ($1, date_trunc('second', now()) - interval '11 minutes', 6),
                       ($1, date_trunc('second', now()) - interval '9 minutes', 7),
                       ($1, date_trunc('second', now()) - interval '30 seconds', 8)""")
                .execute(Tuple.of(id)).await().atMost(WAIT);

        prune.prune().await().atMost(WAIT);

        List<Long> left = new ArrayList<>();
        for (Row r : pool.preparedQuery("SELECT n FROM campaign_send_second WHERE campaign_id = $1 ORDER BY second")
                .execute(Tuple.of(id)).await().atMost(WAIT)) {
            left.add(r.getLong("n"));
        }
        assertThat(left).containsExactly(7L, 8L);
    }
}
