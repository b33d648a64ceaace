package io.mailroom.subscriber.export;

import java.io.OutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import io.agroal.api.AgroalDataSource;
import io.mailroom.platform.auth.Roles;
import io.mailroom.platform.csv.CsvCells;
import io.mailroom.platform.problem.Problem;
import io.mailroom.platform.problem.ProblemException;
import io.mailroom.subscriber.common.QueryParams;
import io.mailroom.subscriber.common.SqlWhere;
import io.mailroom.subscriber.common.SubscriberFilter;
import io.quarkus.agroal.DataSource;

/**
 * {@code GET /api/exports/subscribers?list=&status=&subscriptionStatus=}: the subscribers the filter matches, exactly
 * (the same {@link SubscriberFilter} as the query and the bulk actions), as CSV streamed from a database cursor in
 * constant memory, each cell spreadsheet-safe ({@link CsvCells}). Columns: email, name, status, status_reason,
 * attributes (JSON), lists ({@code id:status;...}).
 */
@Path("/api/exports/subscribers")
public class ExportResource {
    private static final CsvSchema SCHEMA = CsvSchema.builder().addColumn("email").addColumn("name")
            .addColumn("status").addColumn("status_reason").addColumn("attributes").addColumn("lists")
            .build().withHeader();
    private static final CsvMapper CSV = new CsvMapper();

    // JDBC rather than the reactive client: a server-side cursor read on a worker thread with back-pressure from the
    // HTTP response is the simplest constant-memory stream. A download holds its connection as long as the client
    // reads, so exports have a pool of their own ("exports", quarkus.datasource.exports.jdbc.max-size): a slow viewer can hold
    // every export connection, never one the rest of the service needs, and one export too many is a 503 after
    // quarkus.datasource.exports.jdbc.acquisition-timeout rather than an unbounded wait.
    @Inject
    @DataSource("exports")
    AgroalDataSource dataSource;

    @GET
    @Produces("text/csv")
    @RolesAllowed(Roles.VIEWER)
    public Response export(@QueryParam("list") Long list, @QueryParam("status") String status,
            @QueryParam("subscriptionStatus") String subscriptionStatus) {
        SubscriberFilter filter = new SubscriberFilter(list, QueryParams.status(status),
                QueryParams.subscriptionStatus(subscriptionStatus), null, null, null, null);
        SqlWhere where = filter.where();
        String sql = SqlWhere.jdbc("""
                SELECT s.email, s.name, s.status, s.status_reason, s.attributes::text AS attributes,
                       (SELECT string_agg(x.list_id || ':' || x.status, ';' ORDER BY x.list_id)
                        FROM subscriptions x WHERE x.subscriber_id = s.id) AS lists
                FROM subscribers s""" + " WHERE " + where.sql() + " ORDER BY s.id");
        // taken before the answer starts: when none is free the client gets a 503, not a 200 cut short
        Connection connection = connection();
        StreamingOutput body = out -> {
            try (Connection c = connection) {
                write(c, sql, where.params(), out);
            } catch (SQLException e) {
                throw new java.io.IOException("export failed", e);
            }
        };
        return Response.ok(body).header("Content-Disposition", "attachment; filename=\"subscribers.csv\"").build();
    }

    private Connection connection() {
        try {
            return dataSource.getConnection();
        } catch (SQLException e) {
            throw new ProblemException(Problem.of(503, "Service Unavailable", "every export connection is busy with "
                    + "another download (" + dataSource.getConfiguration().connectionPoolConfiguration().maxSize()
                    + " at a time): try again when one has finished"));
        }
    }

    private static void write(Connection c, String sql, List<Object> params, OutputStream out)
            throws java.io.IOException, SQLException {
        c.setAutoCommit(false); // the PostgreSQL driver only streams with a fetch size inside a transaction
        try (PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) {
                st.setObject(i + 1, params.get(i));
            }
            st.setFetchSize(1000);
            try (ResultSet rs = st.executeQuery();
                    SequenceWriter csv = CSV.writer(SCHEMA).writeValues(out)) {
                while (rs.next()) {
                    // names, emails and reasons come from outside: no cell may open as a formula
                    csv.write(CsvCells.row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6)));
                }
            }
        }
        c.commit();
    }
}
