package io.mailroom.platform.problem;

import java.util.Comparator;
import java.util.List;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.core.JsonProcessingException;

import io.quarkus.security.ForbiddenException;

/** Turns every client error into an RFC 7807 body that names the field, instead of a stack trace or an empty 400. */
public class ProblemExceptionMappers {

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return e.problem().toResponse();
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(field(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        String detail = errors.stream().map(f -> f.field() + ": " + f.message()).reduce((a, b) -> a + "; " + b)
                .orElse("invalid request");
        return new Problem("about:blank", "Invalid request", 400, detail, errors).toResponse();
    }

    // Quarkus registers its own, more specific mapper for MismatchedInputException (e.g. an unknown enum value)
    // that answers without naming the field; this one wins over it and gives the same body as any mapping error.
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e) {
        return unreadable(e);
    }

    @ServerExceptionMapper
    public Response unreadable(JsonMappingException e) {
        String field = e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b).orElse("body");
        return new Problem("about:blank", "Invalid request", 400, field + ": " + e.getOriginalMessage(),
                List.of(new Problem.FieldError(field, e.getOriginalMessage()))).toResponse();
    }

    @ServerExceptionMapper
    public Response malformed(JsonProcessingException e) {
        return new Problem("about:blank", "Malformed JSON", 400, e.getOriginalMessage(),
                List.of(new Problem.FieldError("body", e.getOriginalMessage()))).toResponse();
    }

    // an authenticated caller whose role is too low (@RolesAllowed, or a role check in code): Quarkus answers with
    // an empty 403; this says so in a problem body
    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        String detail = e.getMessage() == null || e.getMessage().isBlank()
                ? "your token's role may not do this" : e.getMessage();
        return Problem.of(403, "Forbidden", detail).toResponse();
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        String title = e.getResponse().getStatusInfo().getReasonPhrase();
        return Problem.of(status, title, e.getMessage()).toResponse();
    }

    private static String field(ConstraintViolation<?> v) {
        // the path starts with the method and parameter names ("create.request.email"): keep what the client sent
        String name = null;
        int depth = 0;
        StringBuilder field = new StringBuilder();
        for (Path.Node node : v.getPropertyPath()) {
            depth++;
            name = node.getName();
            if (depth > 2 && name != null) {
                if (field.length() > 0) {
                    field.append('.');
                }
                field.append(name);
            }
        }
        return field.length() > 0 ? field.toString() : (name == null ? "body" : name);
    }
}
