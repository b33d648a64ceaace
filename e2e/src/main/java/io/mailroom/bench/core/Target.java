package io.mailroom.bench.core;

/** A figure's target: at most or at least a value (in the figure's unit). */
public record Target(String op, double value) {
    public static Target atMost(double value) {
        return new Target("<=", value);
    }

    public static Target atLeast(double value) {
        return new Target(">=", value);
    }

    public boolean met(double measured) {
        return "<=".equals(op) ? measured <= value : measured >= value;
    }

    @Override
    public String toString() {
        return ("<=".equals(op) ? "≤ " : "≥ ") + Fmt.num(value);
    }
}
