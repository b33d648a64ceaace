package io.mailroom.campaign.feedback;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** A campaign's bounces and complaints, counted from its recorded feedback. */
public record FeedbackCounts(long bounces, long softBounces, long complaints) {

    public static Uni<FeedbackCounts> of(Pool pool, long campaignId) {
        return pool.preparedQuery("""
                SELECT count(*) FILTER (WHERE kind = 'HARD_BOUNCE') AS bounces,
                       count(*) FILTER (WHERE kind = 'SOFT_BOUNCE') AS soft,
                       count(*) FILTER (WHERE kind = 'COMPLAINT') AS complaints
                FROM campaign_feedback WHERE campaign_id = $1""").execute(Tuple.of(campaignId))
                .map(rows -> {
                    var r = rows.iterator().next();
                    return new FeedbackCounts(r.getLong("bounces"), r.getLong("soft"), r.getLong("complaints"));
                });
    }
}
