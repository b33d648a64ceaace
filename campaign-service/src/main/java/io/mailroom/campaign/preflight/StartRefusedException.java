package io.mailroom.campaign.preflight;

import java.util.List;

import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.mailroom.platform.problem.Problem;

/** A start refused by preflight: 409 with the blocking warnings the operator must acknowledge by code. */
public class StartRefusedException extends RuntimeException {
    private final transient List<Warning> warnings;

    public StartRefusedException(List<Warning> warnings) {
        super("start refused by preflight");
        this.warnings = warnings;
    }

    /** The problem body, extended with the warnings. */
    public record Body(String type, String title, int status, String detail, List<Warning> warnings) {}

    /** Maps the refusal to its 409 problem body. */
    public static class Mapper {
        @ServerExceptionMapper
        public Response map(StartRefusedException e) {
            List<Warning> blocking = e.warnings.stream().filter(Warning::blocking).toList();
            String codes = String.join(", ", blocking.stream().map(Warning::code).toList());
            return Response.status(409).type(Problem.MEDIA_TYPE).entity(new Body("about:blank",
                    "Preflight refused the start", 409,
                    "acknowledge these warnings to start anyway: " + codes, e.warnings)).build();
        }
    }
}
