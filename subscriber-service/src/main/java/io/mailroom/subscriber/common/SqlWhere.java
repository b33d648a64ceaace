package io.mailroom.subscriber.common;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.vertx.mutiny.sqlclient.Tuple;

/**
 * A SQL condition with positional parameters {@code $1..$n}, each used once and in order, so the same text serves the
 * reactive client and (with {@link #jdbc()}) JDBC. Further parameters of the enclosing query follow with {@link #next()}.
 */
public final class SqlWhere {
    private final List<String> clauses = new ArrayList<>();
    private final List<Object> params = new ArrayList<>();

    /** Adds a clause in which each {@code ?} stands for the next of the given parameters. */
    public SqlWhere and(String clause, Object... values) {
        StringBuilder sql = new StringBuilder();
        int v = 0;
        for (char c : clause.toCharArray()) {
            if (c == '?') {
                params.add(values[v++]);
                sql.append('$').append(params.size());
            } else {
                sql.append(c);
            }
        }
        clauses.add(sql.toString());
        return this;
    }

    public String sql() {
        return clauses.isEmpty() ? "TRUE" : String.join(" AND ", clauses);
    }

    /** The placeholder of the {@code n}-th (1-based) parameter appended after this condition's own. */
    public String next(int n) {
        return "$" + (params.size() + n);
    }

    public List<Object> params() {
        return Collections.unmodifiableList(params);
    }

    /** This condition's parameters followed by {@code more}. */
    public Tuple tuple(Object... more) {
        List<Object> all = new ArrayList<>(params);
        Collections.addAll(all, more);
        return Tuple.from(all);
    }

    /** The SQL text with JDBC placeholders. */
    public static String jdbc(String sql) {
        return sql.replaceAll("\\$\\d+", "?");
    }
}
