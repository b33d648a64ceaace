package io.mailroom.platform.auth;

/** One configured bearer token: a name for the audit log, its role and its secret. */
public record ApiToken(String name, String role, String secret) {

    /** Parses {@code name:role:secret}. */
    public static ApiToken parse(String spec) {
        String[] parts = spec.trim().split(":", 3);
        if (parts.length != 3 || parts[0].isBlank() || parts[2].isBlank()) {
            throw new IllegalArgumentException("mailroom.auth.tokens entry must be name:role:token, got '" + spec + "'");
        }
        Roles.implied(parts[1]);
        return new ApiToken(parts[0], parts[1], parts[2]);
    }
}
