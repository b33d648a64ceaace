package io.mailroom.campaign.template;

import java.util.Arrays;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

import io.mailroom.platform.auth.Roles;
import io.mailroom.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** Qute templates campaigns can be built from; syntax is checked at save time. */
@Path("/api/templates")
public class TemplateResource {

    /** The body of {@code POST /api/templates}. */
    public record TemplateRequest(@NotBlank String name, @NotBlank String body,
            @Pattern(regexp = "html|text", message = "must be html or text") String contentType) {}

    /** A stored template. */
    public record TemplateView(long id, String name, String body, String contentType) {
        static TemplateView from(Row r) {
            return new TemplateView(r.getLong("id"), r.getString("name"), r.getString("body"),
                    r.getString("content_type"));
        }
    }

    @Inject
    Pool pool;

    @POST
    @RolesAllowed(Roles.OPERATOR)
    public Uni<Response> create(@Valid TemplateRequest req) {
        TemplateChecks.check("body", req.body());
        return pool.preparedQuery("INSERT INTO template (name, body, content_type) VALUES ($1, $2, $3) RETURNING *")
                .execute(Tuple.from(Arrays.asList(req.name(), req.body(),
                        req.contentType() == null ? "html" : req.contentType())))
                .map(rows -> Response.status(201).entity(TemplateView.from(rows.iterator().next())).build());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Roles.VIEWER)
    public Uni<TemplateView> get(@PathParam("id") long id) {
        return pool.preparedQuery("SELECT * FROM template WHERE id = $1").execute(Tuple.of(id)).map(rows -> {
            if (rows.size() == 0) {
                throw ProblemException.notFound("template", id);
            }
            return TemplateView.from(rows.iterator().next());
        });
    }
}
