package io.mailroom.local;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import org.postgresql.Driver;

/** Creates the application role and its databases on a {@link PostgresServer}, over JDBC. */
final class Databases {
    private Databases() {
    }

    static String jdbcUrl(int port, String database) {
        return "jdbc:postgresql://" + Ports.LOOPBACK_HOST + ":" + port + "/" + database;
    }

    /** Makes {@code user} a login superuser with {@code password} and creates each database, owned by it. */
    static void provision(PostgresServer server, String user, String password, List<String> databases) {
        try (Connection c = connect(server.port(), "postgres", server.superuser(), server.superuserPassword());
             Statement s = c.createStatement()) {
            if (!exists(c, "select 1 from pg_roles where rolname = ?", user)) {
                // Identifiers and the generated password are validated/alphanumeric, so plain quoting is safe.
                s.execute("create role \"" + user + "\" login superuser password '" + password + "'");
            }
            for (String database : databases) {
                if (!exists(c, "select 1 from pg_database where datname = ?", database)) {
                    s.execute("create database \"" + database + "\" owner \"" + user + "\"");
                }
            }
        } catch (SQLException e) {
            throw new StackException("cannot create the databases " + databases + " on port " + server.port() + ": "
                    + e.getMessage(), e);
        }
    }

    /** A JDBC connection through the driver itself, so the caller's class loader need not register it. */
    static Connection connect(int port, String database, String user, String password) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        if (password != null) {
            props.setProperty("password", password);
        }
        return new Driver().connect(jdbcUrl(port, database), props);
    }

    private static boolean exists(Connection c, String sql, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
