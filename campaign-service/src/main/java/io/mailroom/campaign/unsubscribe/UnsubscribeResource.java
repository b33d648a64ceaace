package io.mailroom.campaign.unsubscribe;

import java.time.Instant;

import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.mailroom.events.ListCommand;
import io.mailroom.events.Topics;
import io.mailroom.platform.outbox.Outbox;
import io.mailroom.platform.outbox.OutboxMessage;
import io.mailroom.platform.problem.Problem;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * One-click unsubscribe (RFC 8058): no auth, the HMAC token is the credential. POST publishes an UNSUBSCRIBE
 * list command (idempotent: the command id is derived from the token's claims) and answers 200 without redirect;
 * GET shows a confirmation page whose button POSTs.
 */
@Path("/u/{token}")
@PermitAll // deliberately public: a recipient's mail client has no API token; the signed token in the path is the proof
public class UnsubscribeResource {

    @Inject
    UnsubscribeTokens tokens;

    @Inject
    Pool pool;

    @Inject
    Outbox outbox;

    @POST
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> unsubscribe(@PathParam("token") String token) {
        UnsubscribeTokens.Claims claims;
        try {
            claims = tokens.verify(token);
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().item(Problem.of(400, "Invalid unsubscribe link", e.getMessage()).toResponse());
        }
        return pool.withTransaction(tx -> tx
                .preparedQuery("SELECT email FROM campaign_recipient WHERE campaign_id = $1 AND subscriber_id = $2")
                .execute(Tuple.of(claims.campaignId(), claims.subscriberId()))
                .flatMap(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().item(Problem.of(404, "Unknown recipient",
                                "this link does not belong to a recipient of the campaign").toResponse());
                    }
                    String email = rows.iterator().next().getString("email");
                    // by the token's subscriber id: the email captured at fan-out may belong to someone else after
                    // an email change; it stays in the command (and its key) as the address the link was mailed to
                    ListCommand command = ListCommand.unsubscribe(
                            "unsubscribe:" + claims.campaignId() + ":" + claims.subscriberId(), claims.subscriberId(),
                            email, claims.listIds(), "one-click", "campaign-service:" + claims.campaignId(),
                            Instant.now());
                    return outbox.append(tx, OutboxMessage.of(Topics.LIST_COMMANDS, email, command))
                            .replaceWith(Response.ok("<!doctype html><title>Unsubscribed</title>"
                                    + "<p>You have been unsubscribed.</p>").build());
                }));
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response confirm(@PathParam("token") String token) {
        try {
            tokens.verify(token);
        } catch (IllegalArgumentException e) {
            return Problem.of(400, "Invalid unsubscribe link", e.getMessage()).toResponse();
        }
        return Response.ok("<!doctype html><title>Unsubscribe</title><form method=\"post\">"
                + "<p>Stop receiving these emails?</p><button type=\"submit\">Unsubscribe</button></form>").build();
    }
}
