package io.mailroom.campaign.testsend;

import java.util.List;
import java.util.Set;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import io.mailroom.platform.problem.Problem;
import io.mailroom.platform.problem.ProblemException;

/** Body of {@code POST /api/campaigns/{id}/test}: 1 to 20 addresses, and optionally the sample subscriber's id. */
public record TestSendRequest(
        @NotNull @Size(min = 1, max = 20) List<@NotBlank @Email String> emails,
        @Positive Long subscriberId) {

    /**
     * Validates with Hibernate Validator, naming a bad address by its index ({@code emails[2]}): the shared mapper
     * would name every list element {@code emails.<list element>}, which does not tell the operator which one.
     */
    void check(Validator validator) {
        Set<ConstraintViolation<TestSendRequest>> violations = validator.validate(this);
        if (violations.isEmpty()) {
            return;
        }
        List<Problem.FieldError> errors = violations.stream()
                .map(v -> new Problem.FieldError(field(v.getPropertyPath()), v.getMessage()))
                .sorted(java.util.Comparator.comparing(Problem.FieldError::field)).toList();
        String detail = String.join("; ", errors.stream().map(e -> e.field() + ": " + e.message()).toList());
        throw new ProblemException(new Problem("about:blank", "Invalid request", 400, detail, errors));
    }

    private static String field(Path path) {
        StringBuilder field = new StringBuilder();
        for (Path.Node node : path) {
            if (node.getIndex() != null) {
                field.append('[').append(node.getIndex()).append(']');
            } else if (node.getName() != null && !node.getName().startsWith("<")) {
                field.append(field.length() == 0 ? "" : ".").append(node.getName());
            }
        }
        return field.length() == 0 ? "body" : field.toString();
    }
}
