package io.mailroom.campaign.preflight;

import java.util.ArrayList;
import java.util.List;

import io.mailroom.campaign.ses.SesQuota;
import io.mailroom.events.Warmup;

/**
 * How long the sendable audience takes and whether the provider's quota allows it: the rate is the campaign's
 * limit, else SES's maximum send rate (ses channel), else the configured default; a warm-up ramp climbs to it.
 */
final class Capacity {
    private Capacity() {
    }

    /** Seconds to send {@code sendable} mails; {@code quota} is null for channels other than SES. */
    static long estimateSeconds(long sendable, Integer rateLimit, Warmup warmup, SesQuota quota, int defaultRate) {
        Integer sesRate = quota == null ? null : quota.wholeSendRate();
        int rate = rateLimit != null ? rateLimit : sesRate != null ? sesRate : defaultRate;
        if (warmup != null) {
            return (long) Math.ceil(warmup.secondsToSend(sendable, rate));
        }
        return (sendable + rate - 1) / rate;
    }

    /** The quota warnings for an SES campaign: unknown (not blocking) or too small for the audience (blocking). */
    static List<Warning> quotaWarnings(SesQuota quota, long sendable) {
        List<Warning> warnings = new ArrayList<>();
        if (quota == null) {
            return warnings;
        }
        if (!quota.known()) {
            warnings.add(new Warning(Warning.SES_QUOTA_UNKNOWN, "SES quota unknown: " + quota.error(), false, null));
        } else if (quota.exceededBy(sendable)) {
            warnings.add(new Warning(Warning.SES_QUOTA_EXCEEDED, String.format(
                    "%d sendable recipients exceed the %d left of SES's 24-hour quota (%.0f of %.0f sent): "
                            + "dispatch will pause the campaign when the quota runs out",
                    sendable, quota.remaining(), quota.sentLast24Hours(), quota.max24HourSend()), true, null));
        }
        return warnings;
    }
}
