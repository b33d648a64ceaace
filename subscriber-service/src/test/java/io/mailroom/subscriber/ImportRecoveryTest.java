package io.mailroom.subscriber;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.mailroom.subscriber.imports.ImportRecovery;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** An import whose runner is gone (a previous process, cut off by a restart) does not stay running forever. */
@QuarkusTest
class ImportRecoveryTest {
    @Inject
    Pool pool;

    @Inject
    ImportRecovery recovery;

    @Test
    void anImportCutOffByARestartIsFailedWithWhatItGotThroughAndALiveOneIsLeftAlone() {
        long orphan = runningImport(7200);
        long alive = runningImport(1);

        recovery.recover().await().indefinitely();

        Api.as(Api.VIEWER).get("/api/imports/" + orphan).then().statusCode(200)
                .body("status", equalTo("failed"))
                .body("lastLine", equalTo(4001)).body("processed", equalTo(4000)).body("total", equalTo(4000))
                .body("imported", equalTo(3980)).body("errorCount", equalTo(15))
                .body("failure", containsString("interrupted"))
                .body("failure", containsString("line 4001"))
                .body("failure", containsString("3980 imported, 5 skipped, 15 errors"))
                .body("finishedAt", org.hamcrest.Matchers.notNullValue());
        Api.as(Api.VIEWER).get("/api/imports/" + alive).then().statusCode(200).body("status", equalTo("running"));
        Api.as(Api.VIEWER).get("/api/audit?action=import&size=100").then().statusCode(200)
                .body("items.findAll { it.detail.importId == " + orphan + " }.detail.interrupted", hasItem(true));
        // leave no running import behind for the other tests
        pool.preparedQuery("UPDATE imports SET status = 'failed' WHERE id = $1").execute(Tuple.of(alive))
                .await().indefinitely();
    }

    /** A running import as a previous process left it: 4,000 rows processed, last heartbeat {@code secondsAgo}. */
    private long runningImport(double secondsAgo) {
        return pool.preparedQuery("""
                        INSERT INTO imports (status, mode, overwrite, actor, total, processed, imported, skipped,
                                             error_count, last_line, heartbeat_at)
                        VALUES ('running', 'subscribe', false, 'test-operator', 10000, 4000, 3980, 5, 15, 4001,
                                now() - make_interval(secs => $1))
                        RETURNING id""")
                .execute(Tuple.of(secondsAgo)).await().indefinitely().iterator().next().getLong("id");
    }
}
