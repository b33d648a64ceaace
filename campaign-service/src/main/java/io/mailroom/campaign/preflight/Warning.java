package io.mailroom.campaign.preflight;

/** A preflight finding; a blocking one stops {@code start} until its code is acknowledged. */
public record Warning(String code, String message, boolean blocking, Long bulkActionId) {
    public static final String BLOCKLISTED_SHARE = "BLOCKLISTED_SHARE_HIGH";
    public static final String BLOCKLIST_SPIKE = "BLOCKLIST_SPIKE";
    public static final String UNSUBSCRIBED_SHARE = "UNSUBSCRIBED_SHARE_HIGH";
    public static final String EMPTY_AUDIENCE = "EMPTY_AUDIENCE";
    public static final String REPLICA_LAG = "AUDIENCE_REPLICA_LAG";
    public static final String SES_QUOTA_EXCEEDED = "SES_QUOTA_EXCEEDED";
    public static final String SES_QUOTA_UNKNOWN = "SES_QUOTA_UNKNOWN";
}
