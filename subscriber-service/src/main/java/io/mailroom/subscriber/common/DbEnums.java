package io.mailroom.subscriber.common;

import java.util.Locale;

/** Enums are stored as their lower-case names, the same spelling as on the wire. */
public final class DbEnums {
    private DbEnums() {
    }

    public static String db(Enum<?> value) {
        return value == null ? null : value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static <E extends Enum<E>> E parse(Class<E> type, String db) {
        return db == null ? null : Enum.valueOf(type, db.toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
