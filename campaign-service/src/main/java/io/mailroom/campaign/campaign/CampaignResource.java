package io.mailroom.campaign.campaign;

import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

import org.jboss.resteasy.reactive.RestMulti;

import io.mailroom.campaign.feedback.FeedbackCounts;
import io.mailroom.campaign.preflight.Preflight;
import io.mailroom.campaign.preflight.PreflightReport;
import io.mailroom.campaign.recipient.RecipientCsv;
import io.mailroom.campaign.recipient.RecipientRepository;
import io.mailroom.campaign.recipient.RecipientView;
import io.mailroom.campaign.recipient.Requeue;
import io.mailroom.campaign.template.TemplateChecks;
import io.mailroom.platform.auth.Roles;
import io.mailroom.platform.problem.ProblemException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The operator's campaign API: create, warm-up, preflight, start, pause, resume, cancel, resend, progress,
 * recipients (JSON pages or streamed CSV).
 */
@Path("/api/campaigns")
public class CampaignResource {
    private static final String CSV = "text/csv";

    /** Body of {@code start}: the warning codes the operator acknowledges. */
    public record StartRequest(List<String> acknowledge) {}

    /** Body of {@code resend}. */
    public record ResendRequest(List<String> states, List<String> reasons) {}

    @Inject
    CampaignRepository campaigns;

    @Inject
    CampaignLifecycle lifecycle;

    @Inject
    Preflight preflight;

    @Inject
    RecipientRepository recipients;

    @Inject
    RecipientCsv recipientCsv;

    @Inject
    Pool pool;

    @POST
    @RolesAllowed(Roles.OPERATOR)
    public Uni<Response> create(@Valid CampaignRequest req) {
        TemplateChecks.check("subject", req.subject());
        Uni<String> body;
        if (req.body() != null && !req.body().isBlank()) {
            TemplateChecks.check("body", req.body());
            body = Uni.createFrom().item(req.body());
        } else if (req.templateId() != null) {
            body = pool.preparedQuery("SELECT body FROM template WHERE id = $1").execute(Tuple.of(req.templateId()))
                    .map(rows -> {
                        if (rows.size() == 0) {
                            throw ProblemException.badRequest("templateId", "template " + req.templateId()
                                    + " does not exist");
                        }
                        return rows.iterator().next().getString("body");
                    });
        } else {
            throw ProblemException.badRequest("body", "give a body or a templateId");
        }
        return body.flatMap(b -> campaigns.insert(req, b)).flatMap(this::view)
                .map(v -> Response.status(201).entity(v).build());
    }

    @GET
    @RolesAllowed(Roles.VIEWER)
    public Uni<List<Campaign>> list(@QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size,
            @QueryParam("status") @Pattern(regexp = Campaign.ANY_STATUS,
                    message = "must be one of " + Campaign.ANY_STATUS) String status) {
        return campaigns.page(page, size, status);
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Roles.VIEWER)
    public Uni<CampaignView> get(@PathParam("id") long id) {
        return campaigns.find(id).flatMap(this::view);
    }

    @GET
    @Path("/{id}/preflight")
    @RolesAllowed(Roles.VIEWER)
    public Uni<PreflightReport> preflight(@PathParam("id") long id) {
        return campaigns.find(id).flatMap(preflight::check);
    }

    @PUT
    @Path("/{id}/warmup")
    @RolesAllowed(Roles.OPERATOR)
    public Uni<CampaignView> setWarmup(@PathParam("id") long id, @Valid @NotNull WarmupRequest warmup) {
        return campaigns.setWarmup(id, warmup).flatMap(this::view);
    }

    @DELETE
    @Path("/{id}/warmup")
    @RolesAllowed(Roles.OPERATOR)
    public Uni<CampaignView> removeWarmup(@PathParam("id") long id) {
        return campaigns.setWarmup(id, null).flatMap(this::view);
    }

    @POST
    @Path("/{id}/start")
    @RolesAllowed(Roles.OPERATOR)
    public Uni<CampaignView> start(@PathParam("id") long id, StartRequest req) {
        List<String> ack = req == null || req.acknowledge() == null ? List.of() : req.acknowledge();
        return lifecycle.start(id, ack).flatMap(this::view);
    }

    @POST
    @Path("/{id}/pause")
    @RolesAllowed(Roles.OPERATOR)
    public Uni<CampaignView> pause(@PathParam("id") long id, @Context SecurityContext security) {
        return lifecycle.pause(id, security.getUserPrincipal().getName()).flatMap(this::view);
    }

    @POST
    @Path("/{id}/resume")
    @RolesAllowed(Roles.OPERATOR)
    public Uni<CampaignView> resume(@PathParam("id") long id) {
        return lifecycle.resume(id).flatMap(this::view);
    }

    @POST
    @Path("/{id}/cancel")
    @RolesAllowed(Roles.OPERATOR)
    public Uni<CampaignView> cancel(@PathParam("id") long id, @Context SecurityContext security) {
        return lifecycle.cancel(id, security.getUserPrincipal().getName()).flatMap(this::view);
    }

    @POST
    @Path("/{id}/resend")
    @RolesAllowed(Roles.OPERATOR)
    public Uni<Requeue.ResendResult> resend(@PathParam("id") long id, ResendRequest req) {
        if (req == null) {
            throw ProblemException.badRequest("states", "must list SKIPPED and/or FAILED");
        }
        return lifecycle.resend(id, req.states(), req.reasons());
    }

    @GET
    @Path("/{id}/recipients")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.VIEWER)
    public Uni<List<RecipientView>> recipients(@PathParam("id") long id, @QueryParam("state") String state,
            @QueryParam("reason") String reason, @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("100") @Min(1) @Max(10000) int size) {
        checkState(state);
        return campaigns.find(id).flatMap(c -> recipients.page(id, state, reason, page, size));
    }

    /** Every matching recipient as CSV, streamed ({@code Accept: text/csv}). */
    @GET
    @Path("/{id}/recipients")
    @Produces(CSV)
    @RolesAllowed(Roles.VIEWER)
    public Multi<String> recipientsCsv(@PathParam("id") long id, @QueryParam("state") String state,
            @QueryParam("reason") String reason) {
        checkState(state);
        return RestMulti.fromUniResponse(campaigns.find(id), c -> recipientCsv.stream(id, state, reason),
                c -> Map.of("Content-Disposition",
                        List.of("attachment; filename=\"campaign-" + id + "-recipients.csv\"")));
    }

    /** The same CSV, for a plain link. */
    @GET
    @Path("/{id}/recipients.csv")
    @Produces(CSV)
    @RolesAllowed(Roles.VIEWER)
    public Multi<String> recipientsCsvFile(@PathParam("id") long id, @QueryParam("state") String state,
            @QueryParam("reason") String reason) {
        return recipientsCsv(id, state, reason);
    }

    private static void checkState(String state) {
        if (state != null && !List.of("QUEUED", "SENT", "SKIPPED", "FAILED").contains(state)) {
            throw ProblemException.badRequest("state", "must be QUEUED, SENT, SKIPPED or FAILED");
        }
    }

    private Uni<CampaignView> view(Campaign c) {
        return recipients.counts(c.id()).flatMap(n -> FeedbackCounts.of(pool, c.id())
                .map(f -> CampaignView.of(c, n, f)));
    }
}
