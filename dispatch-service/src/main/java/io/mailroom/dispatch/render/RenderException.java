package io.mailroom.dispatch.render;

/** A campaign template could not be parsed or rendered for one recipient. */
public class RenderException extends RuntimeException {
    /** The outcome reason of a recipient whose mail could not be built (template, header, address). */
    public static final String REASON = "render";

    public RenderException(String message, Throwable cause) {
        super(message, cause);
    }
}
