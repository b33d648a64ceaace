package io.mailroom.subscriber.audit;

import java.time.Instant;
import java.util.Map;

/** One audit log entry: who did what, when, to how many, with a link to the bulk action when there is one. */
public record AuditEntry(long id, Instant at, String actor, String action, Long subscriberId, Long bulkActionId,
        long affected, Map<String, Object> detail) {
}
