package io.mailroom.dispatch.campaign;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.mailroom.events.CampaignState;
import io.mailroom.events.EventCodec;
import io.mailroom.platform.kafka.Consumers;
import io.smallrye.mutiny.Uni;

/** Applies {@code mailroom.campaigns} records to the local campaign replica. */
@ApplicationScoped
public class CampaignReplicaConsumer {
    @Inject
    CampaignReplica replica;

    @Incoming("campaigns")
    public Uni<Void> consume(String json) {
        if (json == null) {
            // a compacted-away campaign: dispatch keeps its last state, sends for it are settled by their status
            return Uni.createFrom().voidItem();
        }
        CampaignState state = EventCodec.decode(json, CampaignState.class);
        return Consumers.retryTransient(replica.apply(state));
    }
}
