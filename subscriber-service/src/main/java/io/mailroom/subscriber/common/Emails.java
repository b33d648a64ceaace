package io.mailroom.subscriber.common;

import java.util.Locale;
import java.util.regex.Pattern;

import io.mailroom.platform.problem.ProblemException;

/** Normalises (trim, lower case) and validates email addresses the same way for the API, imports and commands. */
public final class Emails {
    public static final int MAX_LENGTH = 254;
    private static final Pattern VALID = Pattern.compile("^[^@\\s\"<>,;()]+@[^@\\s\"<>,;()]+\\.[^@\\s\"<>,;().]+$");

    private Emails() {
    }

    public static String normalize(String raw) {
        return raw == null ? null : raw.strip().toLowerCase(Locale.ROOT);
    }

    /** Why a normalised address is unusable, or null when it is fine. */
    public static String problem(String normalized) {
        if (normalized == null || normalized.isEmpty()) {
            return "is required";
        }
        if (normalized.length() > MAX_LENGTH) {
            return "is longer than " + MAX_LENGTH + " characters";
        }
        if (!VALID.matcher(normalized).matches()) {
            return "is not a valid email address";
        }
        return null;
    }

    /** The normalised address, or a 400 problem naming {@code field}. */
    public static String require(String field, String raw) {
        String email = normalize(raw);
        String problem = problem(email);
        if (problem != null) {
            throw ProblemException.badRequest(field, problem);
        }
        return email;
    }
}
