package io.mailroom.subscriber.bulk;

import java.util.EnumSet;
import java.util.Set;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.mailroom.platform.auth.Roles;
import io.mailroom.platform.problem.ProblemException;
import io.mailroom.subscriber.common.DbEnums;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * {@code /api/bulk-actions}: without {@code confirmToken} a dry run (200, nothing changes), with it the execution
 * (202); {@code GET /{id}} and {@code POST /{id}/revert}.
 */
@Path("/api/bulk-actions")
@Produces(MediaType.APPLICATION_JSON)
public class BulkActionResource {
    // destructive or trust-changing: refused to operators at the dry run already, before any confirm token exists
    private static final Set<BulkActionType> ADMIN_ONLY = EnumSet.of(BulkActionType.DELETE, BulkActionType.UNBLOCKLIST);

    @Inject
    BulkActionService service;

    @Inject
    SecurityIdentity identity;

    @POST
    @RolesAllowed(Roles.OPERATOR)
    public Uni<Response> submit(@Valid @NotNull BulkRequest request) {
        if (ADMIN_ONLY.contains(request.action()) && !identity.hasRole(Roles.ADMIN)) {
            throw ProblemException.forbidden("action", "'" + DbEnums.db(request.action()) + "' needs the admin role");
        }
        String actor = identity.getPrincipal().getName();
        if (request.confirmToken() == null || request.confirmToken().isBlank()) {
            return service.dryRun(request, actor).map(dry -> Response.ok(dry).build());
        }
        return service.execute(request, actor).map(done -> Response.accepted(done).build());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Roles.VIEWER)
    public Uni<BulkActionView> get(@PathParam("id") long id) {
        return service.get(id);
    }

    @POST
    @Path("/{id}/revert")
    @RolesAllowed(Roles.OPERATOR)
    public Uni<BulkActionView.Reverted> revert(@PathParam("id") long id) {
        return service.revert(id, identity.getPrincipal().getName());
    }
}
