package io.mailroom.campaign.preflight;

import java.util.List;
import java.util.Map;

import io.mailroom.campaign.ses.SesQuota;

/** What {@code GET /api/campaigns/{id}/preflight} answers; {@code quota} only for the ses channel. */
public record PreflightReport(Audience audience, Map<String, Long> blocklistedByCause, Long estimateSeconds,
        SesQuota quota, Long replicaLag, List<Warning> warnings) {

    /** Audience breakdown: members of the target lists, by what the fan-out would do with them. */
    public record Audience(long total, long sendable, long blocklisted, long unsubscribed, long bounced,
            long complained, long unconfirmed, long disabled, long blocklistedLast24h) {}

    public boolean blockedBy(List<String> acknowledged) {
        return warnings.stream().anyMatch(w -> w.blocking() && !acknowledged.contains(w.code()));
    }
}
