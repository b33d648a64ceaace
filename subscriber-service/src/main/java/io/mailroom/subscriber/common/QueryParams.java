package io.mailroom.subscriber.common;

import java.util.Arrays;
import java.util.Locale;

import io.mailroom.events.SubscriberStatus;
import io.mailroom.events.SubscriptionStatus;
import io.mailroom.platform.problem.ProblemException;

/** Query-parameter parsing with a 400 naming the parameter (JAX-RS would answer a bare 404 for a bad enum). */
public final class QueryParams {
    private QueryParams() {
    }

    public static SubscriberStatus status(String value) {
        return parse(SubscriberStatus.class, "status", value);
    }

    public static SubscriptionStatus subscriptionStatus(String value) {
        return parse(SubscriptionStatus.class, "subscriptionStatus", value);
    }

    public static <E extends Enum<E>> E parse(Class<E> type, String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return DbEnums.parse(type, value.strip());
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest(field, "must be one of " + Arrays.stream(type.getEnumConstants())
                    .map(DbEnums::db).toList());
        }
    }
}
