package io.mailroom.campaign.template;

import io.mailroom.platform.problem.ProblemException;
import io.quarkus.qute.Engine;
import io.quarkus.qute.TemplateException;

/** Finds Qute syntax errors when a template is saved, so they never surface at send time. */
public final class TemplateChecks {
    private static final Engine ENGINE = Engine.builder().addDefaults().build();

    private TemplateChecks() {
    }

    /** Throws a 400 problem naming {@code field} and the line of the first error. */
    public static void check(String field, String template) {
        try {
            ENGINE.parse(template);
        } catch (TemplateException e) {
            int line = e.getOrigin() == null ? 0 : e.getOrigin().getLine();
            String message = e.getMessage() == null ? "invalid template" : e.getMessage().replaceAll("\\s+", " ");
            throw ProblemException.badRequest(field, "template error on line " + line + ": " + message);
        }
    }
}
