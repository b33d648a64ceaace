package io.mailroom.campaign.ses;

/**
 * The SES account's sending quota as preflight shows it: {@code remaining} = 24-hour maximum − sent in the last 24
 * hours (null when the quota is unlimited or unknown); {@code error} says why it is unknown.
 */
public record SesQuota(Double max24HourSend, Double sentLast24Hours, Long remaining, Double maxSendRate,
        String error) {

    /** A quota SES reported; a negative maximum means unlimited (SES's convention). */
    public static SesQuota of(double max24HourSend, double sentLast24Hours, double maxSendRate) {
        Long remaining = max24HourSend < 0 ? null : (long) Math.max(0, Math.floor(max24HourSend - sentLast24Hours));
        return new SesQuota(max24HourSend, sentLast24Hours, remaining, maxSendRate, null);
    }

    public static SesQuota unknown(String error) {
        return new SesQuota(null, null, null, null, error);
    }

    public boolean known() {
        return error == null;
    }

    /** Whether {@code sendable} mails would run past the remaining 24-hour quota. */
    public boolean exceededBy(long sendable) {
        return remaining != null && sendable > remaining;
    }

    /** SES's per-second maximum as a whole rate (at least 1), or null when unknown. */
    public Integer wholeSendRate() {
        return maxSendRate == null || maxSendRate <= 0 ? null : (int) Math.max(1, Math.floor(maxSendRate));
    }
}
