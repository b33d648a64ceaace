package io.mailroom.feedback.intake;

import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.mailroom.platform.problem.Problem;

/** Answers 503 with Retry-After when a notification could not be stored, so SNS (or the DSN forwarder) retries. */
public class StoreUnavailableMapper {

    @ServerExceptionMapper
    public RestResponse<Problem> unavailable(StoreUnavailableException e) {
        return RestResponse.ResponseBuilder.create(RestResponse.Status.SERVICE_UNAVAILABLE,
                Problem.of(503, "Service Unavailable", "not stored, retry later")).header("Retry-After", "5")
                .type(Problem.MEDIA_TYPE).build();
    }
}
