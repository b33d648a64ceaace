package io.mailroom.campaign.audience;

/**
 * Who in a campaign's target lists is sendable, and why the others are skipped — one SQL definition shared by
 * preflight (which counts) and fan-out (which records a SKIPPED outcome with that reason), so the two never disagree.
 * Each expression is evaluated per subscriber over their subscriptions to the target lists ({@code sub}) joined
 * to the subscriber ({@code s}), grouped by subscriber.
 */
public final class AudienceRules {
    /** The skip reason, or NULL when the subscriber is sendable. */
    public static final String SKIP_REASON = """
            CASE WHEN max(s.status) = 'blocklisted' AND max(s.status_reason) IN ('hard-bounce', 'soft-bounce') THEN 'bounced'
                 WHEN max(s.status) = 'blocklisted' AND max(s.status_reason) = 'complaint' THEN 'complained'
                 WHEN max(s.status) = 'blocklisted' THEN 'blocklisted'
                 WHEN max(s.status) = 'disabled' THEN 'disabled'
                 WHEN NOT bool_or(sub.status <> 'unsubscribed') THEN 'unsubscribed'
                 WHEN NOT bool_or(sub.status = 'confirmed' OR (sub.status = 'unconfirmed' AND NOT sub.double_optin))
                      THEN 'unconfirmed'
            END""";

    /** Target-list members, grouped per subscriber; bind $1 = list ids. */
    public static final String MEMBERS = """
            FROM audience_subscription sub JOIN audience_subscriber s ON s.id = sub.subscriber_id
            WHERE sub.list_id = ANY($1)""";

    private AudienceRules() {
    }
}
