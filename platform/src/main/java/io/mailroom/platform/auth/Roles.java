package io.mailroom.platform.auth;

import java.util.Set;

/** The three API roles; a role includes the rights of the ones below it (admin > operator > viewer). */
public final class Roles {
    public static final String ADMIN = "admin";
    public static final String OPERATOR = "operator";
    public static final String VIEWER = "viewer";

    private Roles() {
    }

    /** Every role a token configured with {@code role} holds. */
    public static Set<String> implied(String role) {
        return switch (role) {
            case ADMIN -> Set.of(ADMIN, OPERATOR, VIEWER);
            case OPERATOR -> Set.of(OPERATOR, VIEWER);
            case VIEWER -> Set.of(VIEWER);
            default -> throw new IllegalArgumentException("unknown role '" + role + "' (admin, operator or viewer)");
        };
    }
}
