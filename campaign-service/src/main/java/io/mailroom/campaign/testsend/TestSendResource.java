package io.mailroom.campaign.testsend;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

import io.mailroom.campaign.campaign.CampaignRepository;
import io.mailroom.platform.auth.Roles;
import io.mailroom.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;

/** {@code POST /api/campaigns/{id}/test} sends test mails; {@code GET …/tests} shows them with their outcomes. */
@Path("/api/campaigns")
public class TestSendResource {

    @Inject
    CampaignRepository campaigns;

    @Inject
    TestSends testSends;

    @Inject
    TestSendRepository repository;

    @Inject
    Validator validator;

    @POST
    @Path("/{id}/test")
    @RolesAllowed(Roles.OPERATOR)
    public Uni<Response> send(@PathParam("id") long id, TestSendRequest req, @Context SecurityContext security) {
        if (req == null) {
            throw ProblemException.badRequest("emails", "must list 1 to 20 addresses");
        }
        req.check(validator);
        return campaigns.find(id)
                .flatMap(c -> testSends.send(c, req, security.getUserPrincipal().getName()))
                .map(sent -> Response.accepted(sent).build());
    }

    @GET
    @Path("/{id}/tests")
    @RolesAllowed(Roles.VIEWER)
    public Uni<List<TestSendView>> list(@PathParam("id") long id,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        return campaigns.find(id).flatMap(c -> repository.page(id, page, size));
    }
}
