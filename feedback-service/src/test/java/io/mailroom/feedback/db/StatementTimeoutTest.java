package io.mailroom.feedback.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgException;

/**
 * Both database pools of a service (reactive and JDBC) carry the shared {@code mailroom.db.statement-timeout}: a
 * statement running longer is cancelled by PostgreSQL (SQLSTATE 57014) and the connection stays usable. The bound
 * is lowered to 1 s here so that a 3 s {@code pg_sleep} exceeds it.
 */
@QuarkusTest
@TestProfile(StatementTimeoutTest.ShortBound.class)
class StatementTimeoutTest {
    private static final String QUERY_CANCELED = "57014";

    /** The shared bound lowered to 1 s. */
    public static class ShortBound implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mailroom.db.statement-timeout", "1s");
        }
    }

    @Inject
    Pool pool;

    @Inject
    AgroalDataSource jdbc;

    @Test
    void theReactivePoolCancelsAStatementLongerThanTheBound() {
        assertEquals("1s", pool.query("SHOW statement_timeout").executeAndAwait().iterator().next().getString(0));
        PgException e = assertThrows(PgException.class, () -> pool.query("SELECT pg_sleep(3)").executeAndAwait());
        assertEquals(QUERY_CANCELED, e.getSqlState(), e.getMessage());
        assertEquals(1, pool.query("SELECT 1").executeAndAwait().iterator().next().getInteger(0));
    }

    @Test
    void theJdbcPoolCancelsAStatementLongerThanTheBound() throws SQLException {
        try (Connection c = jdbc.getConnection(); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SHOW statement_timeout")) {
                rs.next();
                assertEquals("1s", rs.getString(1));
            }
            SQLException e = assertThrows(SQLException.class, () -> st.executeQuery("SELECT pg_sleep(3)"));
            assertEquals(QUERY_CANCELED, e.getSQLState(), e.getMessage());
            try (ResultSet rs = st.executeQuery("SELECT 1")) {
                rs.next();
                assertEquals(1, rs.getInt(1));
            }
        }
    }
}
