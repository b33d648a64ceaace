package io.mailroom.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A change to a subscriber requested by another service (e.g. a one-click unsubscribe), published on
 * {@link Topics#LIST_COMMANDS} keyed by email. subscriber-service applies each {@code commandId} once.
 * An empty {@code listIds} on UNSUBSCRIBE means every list. An optional {@code subscriberId} names the subscriber
 * itself (added in v1, absent in older records): the command then applies to that subscriber whatever its email is
 * now, and never creates one; {@code email} stays the address the source knew (and the record's key).
 */
public record ListCommand(
        String type,
        int version,
        String commandId,
        Command command,
        String email,
        String name,
        Map<String, Object> attributes,
        List<Long> listIds,
        String reason,
        String source,
        Instant issuedAt,
        Long subscriberId) implements MailroomEvent {

    public static final String TYPE = "list.command";
    public static final int VERSION = 1;

    /** The commands subscriber-service accepts. */
    public enum Command {
        SUBSCRIBE, UNSUBSCRIBE, UPSERT, BLOCKLIST
    }

    public static ListCommand of(String commandId, Command command, String email, String name,
            Map<String, Object> attributes, List<Long> listIds, String reason, String source, Instant issuedAt) {
        return new ListCommand(TYPE, VERSION, commandId, command, email, name, attributes, listIds, reason, source,
                issuedAt, null);
    }

    /**
     * An UNSUBSCRIBE of one known subscriber by id (e.g. a one-click link, whose token names the subscriber), with the
     * email the source captured.
     */
    public static ListCommand unsubscribe(String commandId, long subscriberId, String email, List<Long> listIds,
            String reason, String source, Instant issuedAt) {
        return new ListCommand(TYPE, VERSION, commandId, Command.UNSUBSCRIBE, email, null, null, listIds, reason,
                source, issuedAt, subscriberId);
    }
}
