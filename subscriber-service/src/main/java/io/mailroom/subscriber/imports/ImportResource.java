package io.mailroom.subscriber.imports;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import io.mailroom.platform.auth.Roles;
import io.mailroom.platform.problem.ProblemException;
import io.mailroom.subscriber.list.ListLookup;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * {@code POST /api/imports} (multipart: {@code file}, {@code lists}, {@code mode}, {@code overwrite}) starts an import
 * and answers 202 with its id; {@code GET /api/imports/{id}} shows its progress and row errors.
 */
@Path("/api/imports")
@Produces(MediaType.APPLICATION_JSON)
public class ImportResource {
    private static final int SHOWN_ERRORS = 1000;

    @Inject
    Pool pool;

    @Inject
    ListLookup lists;

    @Inject
    ImportRunner runner;

    @Inject
    SecurityIdentity identity;

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @RolesAllowed(Roles.OPERATOR)
    public Response start(@RestForm("file") FileUpload file, @RestForm("lists") String lists,
            @RestForm("mode") String mode, @RestForm("overwrite") String overwrite) {
        if (file == null || file.uploadedFile() == null) {
            throw ProblemException.badRequest("file", "a CSV file with the header email,name,attributes is required");
        }
        boolean blocklist = switch (mode == null || mode.isBlank() ? "subscribe" : mode.strip()) {
            case "subscribe" -> false;
            case "blocklist" -> true;
            default -> throw ProblemException.badRequest("mode", "must be subscribe or blocklist");
        };
        boolean replace = switch (overwrite == null || overwrite.isBlank() ? "false" : overwrite.strip()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ProblemException.badRequest("overwrite", "must be true or false");
        };
        List<Long> listIds = listIds(lists);
        List<Long> missing = this.lists.missing(pool, listIds).await().indefinitely();
        if (!missing.isEmpty()) {
            throw ProblemException.badRequest("lists", "lists " + missing + " do not exist");
        }
        String actor = identity.getPrincipal().getName();
        long id = pool.preparedQuery("""
                        INSERT INTO imports (status, mode, overwrite, lists, actor) VALUES ('running', $1, $2, $3, $4)
                        RETURNING id""")
                .execute(Tuple.of(blocklist ? "blocklist" : "subscribe", replace, listIds.toArray(new Long[0]), actor))
                .await().indefinitely().iterator().next().getLong("id");
        runner.start(new ImportSettings(id, blocklist, replace, listIds, actor), keep(file));
        return Response.accepted(Map.of("id", id)).build();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Roles.VIEWER)
    public ImportView get(@PathParam("id") long id) {
        var rows = pool.preparedQuery("""
                        SELECT *, extract(epoch FROM coalesce(finished_at, now()) - started_at) AS seconds
                        FROM imports WHERE id = $1""")
                .execute(Tuple.of(id)).await().indefinitely();
        if (rows.size() == 0) {
            throw ProblemException.notFound("import", id);
        }
        Row r = rows.iterator().next();
        List<ImportError> errors = new ArrayList<>();
        pool.preparedQuery("SELECT line, reason FROM import_errors WHERE import_id = $1 ORDER BY line LIMIT $2")
                .execute(Tuple.of(id, SHOWN_ERRORS)).await().indefinitely()
                .forEach(e -> errors.add(new ImportError(e.getLong("line"), e.getString("reason"))));
        long processed = r.getLong("processed");
        long total = Math.max(r.getLong("total"), processed);
        double seconds = r.getNumeric("seconds").doubleValue();
        double rate = seconds > 0 ? processed / seconds : 0;
        boolean running = "running".equals(r.getString("status"));
        Long eta = running && rate > 0 ? Math.round((total - processed) / rate) : null;
        return new ImportView(id, r.getString("status"), r.getString("mode"), r.getBoolean("overwrite"),
                List.of(r.getArrayOfLongs("lists")), total, processed, r.getLong("last_line"), r.getLong("imported"), r.getLong("skipped"),
                r.getLong("error_count"), errors, Math.round(rate * 10) / 10.0, eta, r.getString("failure"),
                r.getOffsetDateTime("started_at").toInstant(),
                r.getOffsetDateTime("finished_at") == null ? null : r.getOffsetDateTime("finished_at").toInstant());
    }

    private static List<Long> listIds(String lists) {
        List<Long> ids = new ArrayList<>();
        if (lists == null || lists.isBlank()) {
            return ids;
        }
        for (String part : lists.split(",")) {
            try {
                ids.add(Long.parseLong(part.strip()));
            } catch (NumberFormatException e) {
                throw ProblemException.badRequest("lists", "must be comma-separated list ids, got '" + part.strip() + "'");
            }
        }
        return ids;
    }

    /** Moves the upload out of the request's temporary files, which are deleted when the request ends. */
    private static java.nio.file.Path keep(FileUpload file) {
        try {
            java.nio.file.Path target = Files.createTempFile("mailroom-import-", ".csv");
            Files.move(file.uploadedFile(), target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
