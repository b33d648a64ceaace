package io.mailroom.campaign.fanout;

import java.util.List;

import io.mailroom.platform.outbox.OutboxMessage;

/**
 * One keyset page of a campaign's audience, read from {@code after}: the recipient rows as columns (state QUEUED, or
 * SKIPPED with the reason) and the send requests of its sendable members.
 */
record AudiencePage(long campaignId, int generation, long after, Long[] ids, String[] emails, String[] states,
        String[] reasons, String[] details, List<OutboxMessage> sends) {

    boolean isEmpty() {
        return ids.length == 0;
    }

    /** The cursor once this page is committed: its last subscriber id. */
    long last() {
        return ids[ids.length - 1];
    }
}
