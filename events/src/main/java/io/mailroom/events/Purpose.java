package io.mailroom.events;

/**
 * Why a send exists: a recipient of a campaign generation, or an operator's test send (rendered with a sample
 * subscriber, sent to the given address, never counted in the campaign, exempt from the campaign-status and
 * suppression checks). Absent on the wire means {@link #CAMPAIGN}.
 */
public enum Purpose {
    CAMPAIGN, TEST;

    static Purpose orDefault(Purpose purpose) {
        return purpose == null ? CAMPAIGN : purpose;
    }
}
