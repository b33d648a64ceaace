package io.mailroom.feedback.query;

import java.util.Arrays;
import java.util.Locale;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.mailroom.events.FeedbackEvent;
import io.mailroom.feedback.ses.Emails;
import io.mailroom.platform.auth.Roles;
import io.mailroom.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;

/** Operators' read access to the feedback received: {@code GET /api/feedback?email=&type=&campaign=&page=&size=}. */
@Path("/api/feedback")
@Produces(MediaType.APPLICATION_JSON)
public class FeedbackResource {
    private final FeedbackQuery query;

    FeedbackResource(FeedbackQuery query) {
        this.query = query;
    }

    @GET
    @RolesAllowed(Roles.VIEWER)
    public Uni<FeedbackPage> list(@QueryParam("email") String email, @QueryParam("type") String type,
            @QueryParam("campaign") String campaign,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        String normalized = null;
        if (email != null && !email.isBlank()) {
            normalized = Emails.normalize(email);
            if (normalized == null) {
                throw ProblemException.badRequest("email", "is not an email address");
            }
        }
        FeedbackEvent.Kind kind = kind(type);
        return query.find(normalized, kind, campaign(campaign), page, size).map(items -> new FeedbackPage(page, size, items));
    }

    // taken as text so that a bad value is a 400 naming the field, not JAX-RS's 404 for unconvertible parameters
    private static Long campaign(String campaign) {
        if (campaign == null || campaign.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(campaign.strip());
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest("campaign", "must be a campaign id (a number)");
        }
    }

    private static FeedbackEvent.Kind kind(String type) {
        if (type == null || type.isBlank()) {
            return null;
        }
        try {
            return FeedbackEvent.Kind.valueOf(type.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("type", "must be one of " + Arrays.toString(FeedbackEvent.Kind.values()));
        }
    }
}
