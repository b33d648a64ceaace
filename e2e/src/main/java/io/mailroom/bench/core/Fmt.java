package io.mailroom.bench.core;

import java.util.Locale;

/** Number formatting for tables: thousands separators, two significant decimals below 10. */
public final class Fmt {
    private Fmt() {
    }

    public static String num(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        double a = Math.abs(v);
        if (a >= 100) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    public static String num(Double v) {
        return v == null ? "–" : num(v.doubleValue());
    }
}
