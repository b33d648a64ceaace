package io.mailroom.subscriber.common;

import java.util.List;
import java.util.Locale;

import io.mailroom.events.SubscriberStatus;
import io.mailroom.events.SubscriptionStatus;

/**
 * Which subscribers a query, an export or a bulk action addresses. Every one of them turns the filter into SQL here,
 * so the status and subscription-status filters cannot be honoured by one and ignored by another (listmonk #1950/#1985).
 * With {@code list} and {@code subscriptionStatus} together, the subscription on that list must have that status.
 */
public record SubscriberFilter(
        Long list,
        SubscriberStatus status,
        SubscriptionStatus subscriptionStatus,
        String email,
        String emailDomain,
        String attribute,
        List<Long> ids) {

    public static SubscriberFilter ofIds(List<Long> ids) {
        return new SubscriberFilter(null, null, null, null, null, null, ids);
    }

    /** The condition on {@code subscribers s} (live subscribers only). */
    public SqlWhere where() {
        SqlWhere where = new SqlWhere().and("s.deleted_at IS NULL");
        if (ids != null) {
            where.and("s.id = ANY(?)", (Object) ids.toArray(new Long[0]));
        }
        if (status != null) {
            where.and("s.status = ?", DbEnums.db(status));
        }
        if (list != null && subscriptionStatus != null) {
            where.and("EXISTS (SELECT 1 FROM subscriptions x WHERE x.subscriber_id = s.id AND x.list_id = ? AND x.status = ?)",
                    list, DbEnums.db(subscriptionStatus));
        } else if (list != null) {
            where.and("EXISTS (SELECT 1 FROM subscriptions x WHERE x.subscriber_id = s.id AND x.list_id = ?)", list);
        } else if (subscriptionStatus != null) {
            where.and("EXISTS (SELECT 1 FROM subscriptions x WHERE x.subscriber_id = s.id AND x.status = ?)",
                    DbEnums.db(subscriptionStatus));
        }
        if (email != null && !email.isBlank()) {
            where.and("s.email LIKE ? ESCAPE '\\'", "%" + likeEscape(Emails.normalize(email)) + "%");
        }
        if (emailDomain != null && !emailDomain.isBlank()) {
            where.and("s.email LIKE ? ESCAPE '\\'", "%@" + likeEscape(emailDomain.strip().toLowerCase(Locale.ROOT)));
        }
        if (attribute != null && !attribute.isBlank()) {
            int eq = attribute.indexOf('=');
            String key = eq < 0 ? attribute : attribute.substring(0, eq);
            String value = eq < 0 ? "" : attribute.substring(eq + 1);
            where.and("s.attributes ->> ? = ?", key, value);
        }
        return where;
    }

    private static String likeEscape(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
