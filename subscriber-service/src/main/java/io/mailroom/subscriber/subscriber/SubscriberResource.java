package io.mailroom.subscriber.subscriber;

import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
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
import io.mailroom.subscriber.common.Page;
import io.mailroom.subscriber.common.QueryParams;
import io.mailroom.subscriber.common.SqlWhere;
import io.mailroom.subscriber.common.SubscriberFilter;
import io.mailroom.subscriber.state.SubscriberRow;
import io.mailroom.subscriber.state.SubscriberStates;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** {@code /api/subscribers}: create, query (paged and filtered), read, patch and delete subscribers. */
@Path("/api/subscribers")
@Produces(MediaType.APPLICATION_JSON)
public class SubscriberResource {
    @Inject
    Pool pool;

    @Inject
    SubscriberService service;

    @Inject
    SecurityIdentity identity;

    @POST
    @RolesAllowed(Roles.OPERATOR)
    public Uni<Response> create(@Valid @NotNull CreateSubscriberRequest request) {
        return service.create(request, actor())
                .map(row -> Response.status(Response.Status.CREATED).entity(SubscriberView.of(row)).build());
    }

    @GET
    @RolesAllowed(Roles.VIEWER)
    public Uni<Page<SubscriberView>> search(@QueryParam("list") Long list, @QueryParam("status") String status,
            @QueryParam("subscriptionStatus") String subscriptionStatus, @QueryParam("email") String email,
            @QueryParam("attribute") String attribute,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(1000) int size) {
        SubscriberFilter filter = new SubscriberFilter(list, QueryParams.status(status),
                QueryParams.subscriptionStatus(subscriptionStatus), email, null, attribute, null);
        SqlWhere where = filter.where();
        // the page and the count are separate queries: a window count would build every match's subscriptions
        String sql = SubscriberStates.SELECT + " WHERE " + where.sql() + " ORDER BY s.id LIMIT " + where.next(1)
                + " OFFSET " + where.next(2);
        return pool.preparedQuery("SELECT count(*) AS n FROM subscribers s WHERE " + where.sql()).execute(where.tuple())
                .flatMap(count -> pool.preparedQuery(sql).execute(where.tuple(size, Paging.offset(page, size))).map(rows -> {
                    List<SubscriberView> items = new ArrayList<>();
                    rows.forEach(r -> items.add(SubscriberView.of(SubscriberStates.row(r))));
                    return new Page<>(items, page, size, count.iterator().next().getLong("n"));
                }));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Roles.VIEWER)
    public Uni<SubscriberView> get(@PathParam("id") long id) {
        return pool.preparedQuery(SubscriberStates.SELECT + " WHERE s.id = $1 AND s.deleted_at IS NULL")
                .execute(Tuple.of(id)).flatMap(rows -> {
                    if (rows.size() == 0) {
                        throw ProblemException.notFound("subscriber", id);
                    }
                    SubscriberRow row = SubscriberStates.row(rows.iterator().next());
                    return pool.preparedQuery("""
                                    SELECT count(*) FILTER (WHERE kind = 'HARD_BOUNCE') AS hard,
                                           count(*) FILTER (WHERE kind = 'SOFT_BOUNCE') AS soft,
                                           count(*) FILTER (WHERE kind = 'COMPLAINT') AS complaints,
                                           max(occurred_at) FILTER (WHERE kind <> 'COMPLAINT') AS last_bounce
                                    FROM feedback_applied WHERE email = $1""")
                            .execute(Tuple.of(row.email())).map(facts -> {
                                var f = facts.iterator().next();
                                var last = f.getOffsetDateTime("last_bounce");
                                return SubscriberView.of(row, new SubscriberView.Suppression(f.getLong("hard"),
                                        f.getLong("soft"), f.getLong("complaints"), last == null ? null : last.toInstant()));
                            });
                });
    }

    @PATCH
    @Path("/{id}")
    @RolesAllowed(Roles.OPERATOR)
    public Uni<SubscriberView> patch(@PathParam("id") long id, @Valid @NotNull PatchSubscriberRequest request) {
        return service.patch(id, request, actor(), identity.hasRole(Roles.ADMIN)).map(SubscriberView::of);
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Roles.ADMIN) // a hard delete: nothing to revert
    public Uni<Response> delete(@PathParam("id") long id) {
        return service.delete(id, actor()).map(x -> Response.noContent().build());
    }

    private String actor() {
        return identity.getPrincipal().getName();
    }
}
