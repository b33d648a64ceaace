package io.mailroom.subscriber.common;

import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.mailroom.platform.problem.ProblemExceptionMappers;

/**
 * Quarkus registers its own mapper for {@link MismatchedInputException} (e.g. an unknown enum value), which is more
 * specific than the platform's {@code JsonMappingException} mapper and answers without naming the field in
 * {@code errors}; this routes it back to the platform's problem body. Belongs in the platform (reported).
 */
public class MismatchedInputMapper {
    private final ProblemExceptionMappers platform = new ProblemExceptionMappers();

    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e) {
        return platform.unreadable(e);
    }
}
