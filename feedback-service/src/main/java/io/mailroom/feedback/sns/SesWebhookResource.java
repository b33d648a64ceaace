package io.mailroom.feedback.sns;

import java.util.Map;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.mailroom.feedback.intake.FeedbackMetrics;
import io.mailroom.platform.problem.Problem;
import io.mailroom.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;

/**
 * The SNS HTTP(S) subscription endpoint for SES notifications. Answers 200 only after the message is committed, 403
 * for anything not provably from an allowed topic (nothing stored), 5xx for temporary trouble so SNS retries — and
 * never 4xx for a valid notification, whatever its type, unless it is older than mailroom.sns.max-message-age (1 h,
 * a replay guard; SNS's default HTTP retries end within a minute, and an outage longer than that is what the SQS
 * intake is for).
 */
@Path("/webhooks/ses")
@PermitAll // deliberately public: SNS sends no token; every message's signature, topic and age are checked instead
public class SesWebhookResource {
    static final String SOURCE = "sns";

    private final SnsMessageHandler handler;
    private final SnsMessageAge age;
    private final FeedbackMetrics metrics;

    SesWebhookResource(SnsMessageHandler handler, SnsMessageAge age, FeedbackMetrics metrics) {
        this.handler = handler;
        this.age = age;
        this.metrics = metrics;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "SNS endpoint: SubscriptionConfirmation, Notification, UnsubscribeConfirmation (signed)")
    public Uni<Map<String, String>> receive(@HeaderParam("x-amz-sns-message-type") String messageType, String body) {
        SnsEnvelope envelope = SnsEnvelopeReader.read(body);
        if (messageType != null && !messageType.equals(envelope.type())) {
            throw ProblemException.badRequest("x-amz-sns-message-type", "does not match the message Type");
        }
        age.check(envelope);
        return handler.handle(envelope, body, SOURCE)
                .map(result -> Map.of("status", result.duplicate() ? "duplicate" : "accepted"));
    }

    @ServerExceptionMapper
    public RestResponse<Problem> rejected(SnsRejectedException e) {
        metrics.rejected(SOURCE);
        return RestResponse.ResponseBuilder.create(RestResponse.Status.FORBIDDEN,
                Problem.of(403, "Forbidden", e.getMessage())).type(Problem.MEDIA_TYPE).build();
    }

    @ServerExceptionMapper
    public RestResponse<Problem> unavailable(SnsUnavailableException e) {
        return RestResponse.ResponseBuilder.create(RestResponse.Status.SERVICE_UNAVAILABLE,
                Problem.of(503, "Service Unavailable", e.getMessage())).type(Problem.MEDIA_TYPE).build();
    }
}
