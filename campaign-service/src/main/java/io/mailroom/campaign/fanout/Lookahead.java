package io.mailroom.campaign.fanout;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.mailroom.campaign.campaign.Campaign;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Reads the fan-out's next page while the current one is being published, so the audience query and the building
 * of the send requests overlap the wait for Kafka. The read page is used only if the next batch finds the campaign
 * exactly where it was read from (same cursor and generation); otherwise (a failed batch, another campaign) it is
 * dropped and the batch reads its page itself. Only the single fan-out drain of this JVM calls it.
 */
@ApplicationScoped
public class Lookahead {

    @Inject
    Pool pool;

    @Inject
    AudiencePages pages;

    private record Ahead(long campaignId, int generation, long after, Uni<AudiencePage> page) {
        boolean fits(Campaign c) {
            return c.id() == campaignId && c.generation() == generation && c.fanoutCursor() == after;
        }
    }

    private final AtomicReference<Ahead> ahead = new AtomicReference<>();

    /** Starts reading the page of {@code c} after {@code cursor} on a pool connection. */
    void start(Campaign c, long cursor) {
        Uni<AudiencePage> page = pages.read(pool, c, cursor).memoize().indefinitely();
        page.subscribe().with(p -> { }, failure -> { });
        ahead.set(new Ahead(c.id(), c.generation(), cursor, page));
    }

    /** The page read ahead if it fits {@code c}'s committed cursor, else the one {@code read} reads now. */
    Uni<AudiencePage> take(Campaign c, Supplier<Uni<AudiencePage>> read) {
        Ahead a = ahead.getAndSet(null);
        return a == null || !a.fits(c) ? read.get() : a.page().onFailure().recoverWithUni(e -> read.get());
    }
}
