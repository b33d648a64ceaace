package io.mailroom.dispatch.campaign;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.mailroom.events.CampaignState;
import io.mailroom.events.EventCodec;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/** Durable local replica of {@code mailroom.campaigns} (highest revision wins), read through a short-lived cache. */
@ApplicationScoped
public class CampaignReplica {
    private static final String UPSERT = """
            INSERT INTO campaign_replica (campaign_id, revision, state) VALUES ($1, $2, $3)
            ON CONFLICT (campaign_id) DO UPDATE SET revision = EXCLUDED.revision, state = EXCLUDED.state, updated_at = now()
            WHERE campaign_replica.revision < EXCLUDED.revision""";

    private final Pool pool;
    // Short TTL: another dispatch instance may have applied a pause to the shared table.
    private final AsyncCache<Long, CampaignState> cache;

    @Inject
    public CampaignReplica(Pool pool,
            @ConfigProperty(name = "mailroom.dispatch.campaign-cache-ttl", defaultValue = "1s") Duration ttl) {
        this.pool = pool;
        this.cache = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(10_000).buildAsync();
    }

    /** Stores the state unless a newer revision is already known. */
    public Uni<Void> apply(CampaignState state) {
        return pool.preparedQuery(UPSERT)
                .execute(Tuple.of(state.campaignId(), state.revision(), EventCodec.encode(state)))
                .invoke(() -> cache.synchronous().invalidate(state.campaignId()))
                .replaceWithVoid();
    }

    /** The latest known state, or null when the campaign has not been replicated yet. */
    public Uni<CampaignState> find(long campaignId) {
        return Uni.createFrom().completionStage(() -> cache.get(campaignId,
                (id, executor) -> load(id).subscribeAsCompletionStage()));
    }

    private Uni<CampaignState> load(long campaignId) {
        return pool.preparedQuery("SELECT state FROM campaign_replica WHERE campaign_id = $1")
                .execute(Tuple.of(campaignId))
                .map(CampaignReplica::decode);
    }

    private static CampaignState decode(RowSet<Row> rows) {
        if (rows.size() == 0) {
            return null;
        }
        return EventCodec.decode(rows.iterator().next().getString("state"), CampaignState.class);
    }
}
