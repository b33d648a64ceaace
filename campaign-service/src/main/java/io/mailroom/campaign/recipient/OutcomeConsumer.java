package io.mailroom.campaign.recipient;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.mailroom.campaign.campaign.Campaign;
import io.mailroom.campaign.campaign.CampaignRepository;
import io.mailroom.campaign.testsend.TestSendRepository;
import io.mailroom.events.SendOutcome;
import io.mailroom.events.Topics;
import io.mailroom.platform.kafka.Consumers;
import io.mailroom.platform.kafka.DecodedBatch;
import io.mailroom.platform.outbox.Outbox;
import io.smallrye.mutiny.Uni;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Folds dispatch's outcomes into the recipient rows, a batch per transaction. A terminal outcome lands once per
 * recipient and generation (a state-guarded UPDATE, so redelivery changes nothing); an account-level DEFERRED
 * pauses the campaign with the reason; a "campaign paused" DEFERRED for a campaign that runs again is re-published;
 * the campaign finishes when its fan-out is complete and nobody is QUEUED. Outcomes of test sends only update their
 * test send rows.
 */
@ApplicationScoped
public class OutcomeConsumer {
    private static final String CAMPAIGN_PAUSED = "campaign-paused";
    private static final List<String> ACCOUNT_STOPS = List.of("ses-quota-exceeded", "ses-sending-paused",
            "provider-config");

    @Inject
    Pool pool;

    @Inject
    RecipientRepository recipients;

    @Inject
    CampaignRepository campaigns;

    @Inject
    Outbox outbox;

    @Inject
    Requeue requeue;

    @Inject
    TestSendRepository testSends;

    @Incoming("outcomes")
    public Uni<Void> consume(ConsumerRecords<String, String> records) {
        DecodedBatch<SendOutcome> batch = DecodedBatch.of(records, Topics.OUTCOMES, SendOutcome.class);
        // test sends are never counted (nor do they pause or finish the campaign): only their own rows change
        Map<Boolean, List<SendOutcome>> byTest = batch.events().stream()
                .collect(Collectors.partitioningBy(SendOutcome::isTest));
        return Consumers.retryTransient(pool.withTransaction(tx -> apply(tx, byTest.get(false))
                .flatMap(x -> testSends.recordOutcomes(tx, byTest.get(true)))
                .flatMap(x -> outbox.append(tx, batch.deadLetters()))));
    }

    private Uni<Void> apply(SqlClient tx, List<SendOutcome> outcomes) {
        TreeSet<Long> touched = new TreeSet<>();
        List<SendOutcome> terminal = new ArrayList<>();
        List<SendOutcome> stops = new ArrayList<>();
        Map<Long, List<Long>> pausedDeferrals = new TreeMap<>();
        for (SendOutcome o : outcomes) {
            touched.add(o.campaignId());
            if (o.result().terminal()) {
                terminal.add(o);
            } else if (ACCOUNT_STOPS.contains(o.reason())) {
                stops.add(o);
            } else if (CAMPAIGN_PAUSED.equals(o.reason())) {
                pausedDeferrals.computeIfAbsent(o.campaignId(), k -> new ArrayList<>()).add(o.subscriberId());
            }
        }
        if (touched.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        // Lock the campaigns first, in id order: it serialises with the fan-out's batch transaction, so the
        // "fan-out done and nobody queued" check can never miss the last outcome.
        Uni<Void> chain = tx.preparedQuery("SELECT id FROM campaign WHERE id = ANY($1) ORDER BY id FOR UPDATE")
                .execute(Tuple.of(touched.toArray(new Long[0]))).replaceWithVoid()
                .flatMap(x -> recipients.recordOutcomes(tx, terminal));
        for (SendOutcome stop : stops) {
            chain = chain.flatMap(x -> campaigns.transition(tx, stop.campaignId(), List.of(Campaign.RUNNING),
                    Campaign.PAUSED, "dispatch stopped: " + stop.reason()
                            + (stop.detail() == null ? "" : " (" + stop.detail() + ")"), null)
                    .replaceWithVoid());
        }
        // a deferral that reached us after the resume: the campaign runs again, so send those recipients again
        for (var deferred : pausedDeferrals.entrySet()) {
            chain = chain.flatMap(x -> tx.preparedQuery("SELECT * FROM campaign WHERE id = $1")
                    .execute(Tuple.of(deferred.getKey())).flatMap(rows -> {
                        Campaign c = rows.size() == 0 ? null : Campaign.from(rows.iterator().next());
                        return c == null || !Campaign.RUNNING.equals(c.status()) ? Uni.createFrom().voidItem()
                                : requeue.deferred(tx, c, deferred.getValue()).replaceWithVoid();
                    }));
        }
        for (Long id : touched) {
            chain = chain.flatMap(x -> campaigns.finishIfComplete(tx, id).replaceWithVoid());
        }
        return chain;
    }
}
