package io.mailroom.dispatch.render;

/** A campaign template could not be parsed or rendered for one recipient. */
public class RenderException extends RuntimeException {
    public RenderException(String message, Throwable cause) {
        super(message, cause);
    }
}
