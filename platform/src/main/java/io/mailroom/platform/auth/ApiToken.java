package io.mailroom.platform.auth;

/** One configured bearer token: a name for the audit log, its role and its secret. */
public record ApiToken(String name, String role, String secret) {

    /**
     * Parses {@code name:role:secret}, entry {@code position} (1-based) of {@code mailroom.auth.tokens}. An error names
     * the position and, when the entry has all three fields, its name and role; never any part that may be the secret
     * (a startup error ends up in logs that far more people read than the secrets store).
     */
    public static ApiToken parse(int position, String spec) {
        String[] parts = spec.trim().split(":", 3);
        String where = "mailroom.auth.tokens entry " + position;
        if (parts.length != 3) {
            // with fewer fields nothing tells which of them is the secret: show none
            throw new IllegalArgumentException(where + " must be name:role:token (it has " + parts.length
                    + " field(s); its content is not shown as it may hold a secret)");
        }
        String named = where + " ('" + parts[0] + "')";
        if (parts[0].isBlank() || parts[2].isBlank()) {
            throw new IllegalArgumentException(named + " must be name:role:token with a non-blank name and token");
        }
        try {
            Roles.implied(parts[1]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(named + ": " + e.getMessage(), e);
        }
        return new ApiToken(parts[0], parts[1], parts[2]);
    }

    /** Name and role only: a token printed by accident (a log line, a debugger) does not leak its secret. */
    @Override
    public String toString() {
        return "ApiToken[name=" + name + ", role=" + role + "]";
    }
}
