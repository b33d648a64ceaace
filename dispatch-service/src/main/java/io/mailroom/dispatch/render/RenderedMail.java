package io.mailroom.dispatch.render;

/** A subject and body rendered for one recipient. */
public record RenderedMail(String subject, String body, boolean html) {}
