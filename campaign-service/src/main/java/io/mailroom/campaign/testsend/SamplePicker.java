package io.mailroom.campaign.testsend;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.mailroom.campaign.audience.AudienceRules;
import io.mailroom.campaign.campaign.Campaign;
import io.mailroom.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Chooses the sample subscriber of a test send: the one asked for, else the first sendable member of the target
 * lists (by the same rule as the fan-out), else {@link Sample#SYNTHETIC}.
 */
@ApplicationScoped
public class SamplePicker {
    private static final String BY_ID = "SELECT id, name, attributes::text AS attributes FROM audience_subscriber"
            + " WHERE id = $1";
    // grouped by the primary key, so name and attributes need no aggregate
    private static final String FIRST_SENDABLE = "SELECT s.id, s.name, s.attributes::text AS attributes "
            + AudienceRules.MEMBERS + " GROUP BY s.id HAVING (" + AudienceRules.SKIP_REASON + ") IS NULL"
            + " ORDER BY s.id LIMIT 1";

    @Inject
    Pool pool;

    public Uni<Sample> pick(Campaign c, Long subscriberId) {
        if (subscriberId != null) {
            return pool.preparedQuery(BY_ID).execute(Tuple.of(subscriberId)).map(rows -> {
                if (rows.size() == 0) {
                    throw ProblemException.badRequest("subscriberId", "subscriber " + subscriberId
                            + " is not in campaign-service's audience replica");
                }
                return sample(rows);
            });
        }
        return pool.preparedQuery(FIRST_SENDABLE).execute(Tuple.of(c.listIdArray()))
                .map(rows -> rows.size() == 0 ? Sample.SYNTHETIC : sample(rows));
    }

    private static Sample sample(RowSet<Row> rows) {
        Row r = rows.iterator().next();
        String attributes = r.getString("attributes");
        Map<String, Object> map = attributes == null ? Map.of() : new JsonObject(attributes).getMap();
        return new Sample(r.getLong("id"), r.getString("name"), map);
    }
}
