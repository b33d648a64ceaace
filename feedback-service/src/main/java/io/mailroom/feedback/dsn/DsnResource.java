package io.mailroom.feedback.dsn;

import java.time.Instant;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.mailroom.feedback.intake.FeedbackIntake;
import io.mailroom.feedback.intake.InboundNotification;
import io.mailroom.feedback.ses.SesNotification;
import io.mailroom.platform.auth.Roles;
import io.smallrye.mutiny.Uni;

/**
 * SMTP-path bounces: {@code POST /api/dsn} takes one raw RFC 3464 delivery status notification (as the bounce mailbox
 * received it) and turns it into feedback events like an SES notification, deduplicated on the DSN's Message-ID.
 */
@Path("/api/dsn")
public class DsnResource {
    static final String SOURCE = "dsn";

    private final FeedbackIntake intake;

    DsnResource(FeedbackIntake intake) {
        this.intake = intake;
    }

    @POST
    @RolesAllowed(Roles.ADMIN) // a DSN turns into bounces that suppress addresses: trust-changing
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Feed one raw delivery status notification (RFC 3464) from the SMTP path")
    public Uni<Map<String, Object>> receive(byte[] body) {
        DsnReport report = DsnParser.parse(body);
        SesNotification notification = new SesNotification("DSN", report.originalMessageId(), Map.of(),
                report.feedback());
        InboundNotification inbound = new InboundNotification("dsn:" + report.reportId(), SOURCE, "DSN", null,
                DsnParser.text(body), notification, Instant.now());
        return intake.ingest(inbound).map(result -> Map.of(
                "status", result.duplicate() ? "duplicate" : "accepted",
                "events", result.events().size()));
    }
}
