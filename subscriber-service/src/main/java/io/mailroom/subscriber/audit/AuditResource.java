package io.mailroom.subscriber.audit;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.mailroom.platform.paging.Paging;
import io.mailroom.platform.auth.Roles;
import io.mailroom.platform.problem.ProblemException;
import io.mailroom.subscriber.common.Json;
import io.mailroom.subscriber.common.Page;
import io.mailroom.subscriber.common.SqlWhere;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/** {@code GET /api/audit}: the audit log, newest first; a subscriber's entries include the bulk actions that hit it. */
@Path("/api/audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {
    @Inject
    Pool pool;

    @GET
    @RolesAllowed(Roles.VIEWER)
    public Uni<Page<AuditEntry>> search(@QueryParam("subscriber") Long subscriber, @QueryParam("action") String action,
            @QueryParam("since") String since, @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(1000) int size) {
        SqlWhere where = new SqlWhere();
        if (subscriber != null) {
            where.and("(a.subscriber_id = ? OR a.bulk_action_id IN "
                    + "(SELECT i.bulk_action_id FROM bulk_action_items i WHERE i.subscriber_id = ?))", subscriber, subscriber);
        }
        if (action != null && !action.isBlank()) {
            where.and("a.action = ?", action);
        }
        if (since != null && !since.isBlank()) {
            where.and("a.at >= ?", parse(since));
        }
        String sql = "SELECT a.*, a.detail::text AS detail_json, count(*) OVER () AS total FROM audit_log a WHERE "
                + where.sql() + " ORDER BY a.id DESC LIMIT " + where.next(1) + " OFFSET " + where.next(2);
        return pool.preparedQuery(sql).execute(where.tuple(size, Paging.offset(page, size))).map(rows -> {
            long total = 0;
            List<AuditEntry> items = new java.util.ArrayList<>();
            for (var r : rows) {
                total = r.getLong("total");
                items.add(new AuditEntry(r.getLong("id"), r.getOffsetDateTime("at").toInstant(), r.getString("actor"),
                        r.getString("action"), r.getLong("subscriber_id"), r.getLong("bulk_action_id"),
                        r.getLong("affected"), Json.object(r.getString("detail_json"))));
            }
            return new Page<>(items, page, size, total);
        });
    }

    private static OffsetDateTime parse(String since) {
        try {
            return OffsetDateTime.parse(since);
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest("since", "must be an ISO-8601 timestamp with offset, e.g. 2026-01-01T00:00:00Z");
        }
    }
}
