package io.mailroom.platform.problem;

import java.util.List;

/** Thrown by resources and services to answer with a problem body; nothing has been changed when it is thrown. */
public class ProblemException extends RuntimeException {
    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(problem.title() + ": " + problem.detail());
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    public static ProblemException badRequest(String field, String message) {
        return new ProblemException(new Problem("about:blank", "Invalid request", 400, field + ": " + message,
                List.of(new Problem.FieldError(field, message))));
    }

    /** 403: the request's {@code field} asks for more than the caller's role allows (checked after authentication). */
    public static ProblemException forbidden(String field, String message) {
        return new ProblemException(new Problem("about:blank", "Forbidden", 403, field + ": " + message,
                List.of(new Problem.FieldError(field, message))));
    }

    public static ProblemException notFound(String what, Object id) {
        return new ProblemException(Problem.of(404, "Not found", what + " " + id + " does not exist"));
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(Problem.of(409, "Conflict", detail));
    }
}
