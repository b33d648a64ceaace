package io.mailroom.campaign.recipient;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import io.mailroom.platform.csv.CsvCells;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * A campaign's recipients as CSV, read in keyset pages of {@code mailroom.recipients.csv-page-size} and emitted one
 * page at a time: the HTTP layer asks for the next page only when the previous one is written, so memory stays
 * constant however large the campaign.
 */
@ApplicationScoped
public class RecipientCsv {
    private static final List<String> COLUMNS = List.of("subscriber_id", "email", "state", "reason", "detail",
            "attempts", "generation", "provider_message_id", "updated_at");
    private static final CsvSchema SCHEMA = CsvSchema.builder().addColumns(COLUMNS, CsvSchema.ColumnType.STRING)
            .build();
    // Jackson writes the header with the first row; an empty export still gets it
    private static final String HEADER_ONLY = String.join(",", COLUMNS) + "\n";
    private static final CsvMapper CSV = new CsvMapper();
    private static final ObjectWriter WITH_HEADER = CSV.writer(SCHEMA.withHeader());
    private static final ObjectWriter WITHOUT_HEADER = CSV.writer(SCHEMA.withoutHeader());
    private static final String PAGE = """
            SELECT subscriber_id, email, state, reason, detail, attempts, generation, provider_message_id, updated_at
            FROM campaign_recipient
            WHERE campaign_id = $1 AND subscriber_id > $2
              AND ($3::text IS NULL OR state = $3) AND ($4::text IS NULL OR reason = $4)
            ORDER BY subscriber_id LIMIT $5""";

    @Inject
    Pool pool;

    @ConfigProperty(name = "mailroom.recipients.csv-page-size", defaultValue = "1000")
    int pageSize;

    /** Where the keyset scan stands. */
    private static final class Cursor {
        long after;
        boolean first = true;
    }

    private record Page(String csv, int rows) {}

    /** The CSV text, a header then one chunk per page; the same state and reason filters as the JSON listing. */
    public Multi<String> stream(long campaignId, String state, String reason) {
        return Multi.createBy().repeating().uni(Cursor::new, cursor -> page(cursor, campaignId, state, reason))
                .whilst(page -> page.rows() == pageSize)
                .map(Page::csv);
    }

    private Uni<Page> page(Cursor cursor, long campaignId, String state, String reason) {
        return pool.preparedQuery(PAGE)
                .execute(Tuple.from(Arrays.asList(campaignId, cursor.after, state, reason, pageSize)))
                .map(rows -> {
                    Page page = new Page(write(rows, cursor), rows.size());
                    cursor.first = false;
                    return page;
                });
    }

    private static String write(RowSet<Row> rows, Cursor cursor) {
        if (rows.size() == 0) {
            return cursor.first ? HEADER_ONLY : "";
        }
        StringWriter out = new StringWriter();
        try (SequenceWriter csv = (cursor.first ? WITH_HEADER : WITHOUT_HEADER).writeValues(out)) {
            for (Row r : rows) {
                cursor.after = r.getLong("subscriber_id");
                // emails and details (status reasons, provider replies) come from outside: no cell may open as a
                // formula in a spreadsheet
                csv.write(CsvCells.row(r.getLong("subscriber_id"), r.getString("email"), r.getString("state"),
                        r.getString("reason"), r.getString("detail"), r.getInteger("attempts"),
                        r.getInteger("generation"), r.getString("provider_message_id"),
                        String.valueOf(r.getOffsetDateTime("updated_at"))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
