package io.mailroom.subscriber.list;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.mailroom.platform.paging.Paging;
import io.mailroom.platform.auth.Roles;
import io.mailroom.platform.problem.ProblemException;
import io.mailroom.subscriber.audit.AuditLog;
import io.mailroom.subscriber.common.DbEnums;
import io.mailroom.subscriber.common.Page;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** {@code /api/lists}: create, page through and read mailing lists. */
@Path("/api/lists")
@Produces(MediaType.APPLICATION_JSON)
public class ListResource {
    @Inject
    Pool pool;

    @Inject
    SecurityIdentity identity;

    @Inject
    AuditLog audit;

    @POST
    @RolesAllowed(Roles.OPERATOR)
    public Uni<Response> create(@Valid @NotNull CreateListRequest request) {
        String[] tags = request.tags() == null ? new String[0] : request.tags().toArray(new String[0]);
        return pool.withTransaction(tx -> tx.preparedQuery("""
                        INSERT INTO lists (name, description, optin, tags) VALUES ($1, $2, $3, $4)
                        RETURNING id, name, description, optin, tags, created_at""")
                .execute(Tuple.of(request.name().strip(), request.description(), DbEnums.db(request.optin()), tags))
                .flatMap(rows -> {
                    ListView list = view(rows.iterator().next(), null);
                    return audit.append(tx, identity.getPrincipal().getName(), "list.create", null, null, 0,
                            Map.of("listId", list.id(), "name", list.name())).replaceWith(list);
                }))
                .map(list -> Response.status(Response.Status.CREATED).entity(list).build());
    }

    @GET
    @RolesAllowed(Roles.VIEWER)
    public Uni<Page<ListView>> page(@QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(1000) int size) {
        return pool.preparedQuery("SELECT *, count(*) OVER () AS total FROM lists ORDER BY id LIMIT $1 OFFSET $2")
                .execute(Tuple.of(size, Paging.offset(page, size)))
                .map(rows -> {
                    List<ListView> items = new ArrayList<>();
                    long total = 0;
                    for (Row r : rows) {
                        total = r.getLong("total");
                        items.add(view(r, null));
                    }
                    return new Page<>(items, page, size, total);
                });
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Roles.VIEWER)
    public Uni<ListView> get(@PathParam("id") long id) {
        return pool.preparedQuery("SELECT * FROM lists WHERE id = $1").execute(Tuple.of(id)).flatMap(rows -> {
            if (rows.size() == 0) {
                throw ProblemException.notFound("list", id);
            }
            Row list = rows.iterator().next();
            return pool.preparedQuery("""
                            SELECT x.status AS subscription_status, s.status AS subscriber_status, count(*) AS n
                            FROM subscriptions x JOIN subscribers s ON s.id = x.subscriber_id
                            WHERE x.list_id = $1 AND s.deleted_at IS NULL
                            GROUP BY x.status, s.status""")
                    .execute(Tuple.of(id))
                    .map(counts -> view(list, counts(counts)));
        });
    }

    private static ListView.Counts counts(Iterable<Row> rows) {
        Map<String, Long> subscriptions = zeros("unconfirmed", "confirmed", "unsubscribed");
        Map<String, Long> subscribers = zeros("enabled", "disabled", "blocklisted");
        long total = 0;
        for (Row r : rows) {
            long n = r.getLong("n");
            total += n;
            subscriptions.merge(r.getString("subscription_status"), n, Long::sum);
            subscribers.merge(r.getString("subscriber_status"), n, Long::sum);
        }
        return new ListView.Counts(total, subscriptions, subscribers);
    }

    private static Map<String, Long> zeros(String... keys) {
        Map<String, Long> map = new LinkedHashMap<>();
        for (String key : keys) {
            map.put(key, 0L);
        }
        return map;
    }

    static ListView view(Row r, ListView.Counts counts) {
        return new ListView(r.getLong("id"), r.getString("name"), r.getString("description"),
                DbEnums.parse(Optin.class, r.getString("optin")), Arrays.asList(r.getArrayOfStrings("tags")),
                r.getOffsetDateTime("created_at").toInstant(), counts);
    }
}
