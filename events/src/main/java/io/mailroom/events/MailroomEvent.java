package io.mailroom.events;

/** Common envelope of every event: a stable {@code type} name and a schema {@code version}. */
public interface MailroomEvent {
    String type();

    int version();
}
