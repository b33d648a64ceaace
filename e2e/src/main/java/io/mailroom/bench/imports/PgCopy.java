package io.mailroom.bench.imports;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import org.postgresql.PGConnection;

import io.mailroom.local.EmbeddedStack;

/** The database's own ceiling: {@code COPY FROM STDIN} / {@code COPY … TO STDOUT} on the service's database. */
public final class PgCopy {
    private final EmbeddedStack stack;
    private final String db;

    public PgCopy(EmbeddedStack stack, String db) {
        this.stack = stack;
        this.db = db;
    }

    /** Copies the CSV file (with header) into a fresh scratch table; returns seconds. */
    public double copyIn(Path csv) {
        try (Connection c = connect(); Statement st = c.createStatement(); InputStream in = Files.newInputStream(csv)) {
            st.execute("DROP TABLE IF EXISTS bench_copy");
            st.execute("CREATE TABLE bench_copy (email text, name text, attributes jsonb)");
            long t0 = System.nanoTime();
            c.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn("COPY bench_copy (email, name, attributes) FROM STDIN WITH (FORMAT csv, HEADER true)", in);
            double secs = (System.nanoTime() - t0) / 1e9;
            st.execute("DROP TABLE bench_copy");
            return secs;
        } catch (SQLException e) {
            throw new IllegalStateException("COPY FROM STDIN: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code COPY (query) TO STDOUT WITH (FORMAT csv, HEADER true)} into {@code out}; returns seconds. */
    public double copyOut(String query, OutputStream out) {
        try (Connection c = connect()) {
            long t0 = System.nanoTime();
            c.unwrap(PGConnection.class).getCopyAPI()
                    .copyOut("COPY (" + query + ") TO STDOUT WITH (FORMAT csv, HEADER true)", out);
            return (System.nanoTime() - t0) / 1e9;
        } catch (SQLException e) {
            throw new IllegalStateException("COPY TO STDOUT: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(stack.jdbcUrl(db), stack.dbUser(), stack.dbPassword());
    }
}
