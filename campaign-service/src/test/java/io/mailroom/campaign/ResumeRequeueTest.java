package io.mailroom.campaign;

import static io.mailroom.campaign.CampaignFlowTest.OPERATOR;
import static io.mailroom.campaign.CampaignFlowTest.PATIENCE;
import static io.mailroom.campaign.CampaignFlowTest.campaign;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.mailroom.events.EventCodec;
import io.mailroom.events.SendOutcome;
import io.mailroom.events.SendRequest;
import io.mailroom.events.Topics;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Resume re-publishes the QUEUED recipients in pages (the test profile's page holds 3), each exactly once, and a
 * resume interrupted after some committed page continues from the campaign's requeue cursor. Fan-out pages hold 7
 * in the test profile, so these campaigns also fan out over several pages.
 */
@QuarkusTest
class ResumeRequeueTest {
    static final int MEMBERS = 11;
    static final int SENT_BEFORE_PAUSE = 2;

    @Inject
    Pool pool;

    @Test
    void aResumeOfMoreQueuedThanOnePageRepublishesEachQueuedRecipientOnce() {
        try (Topics4Test.Reader reader = Topics4Test.reader(Topics.SENDS)) {
            long id = pausedWithQueued(reader);
            List<SendRequest> queued = sendsOf(reader, id).subList(SENT_BEFORE_PAUSE, MEMBERS);

            given().header("Authorization", OPERATOR).post("/api/campaigns/" + id + "/resume").then()
                    .statusCode(200).body("status", equalTo("running"));

            Map<Long, Long> republished = awaitRepublished(reader, id, queued.size());
            assertEquals(ids(queued), republished.keySet(), "exactly the QUEUED recipients");
            assertEquals(List.of(1L), republished.values().stream().distinct().toList(), "each once");
            assertEquals(List.of(0), sendsOf(reader, id).stream().map(SendRequest::generation).distinct().toList());
        }
    }

    @Test
    void aResumeInterruptedAfterACommittedPageContinuesFromItsCursor() {
        try (Topics4Test.Reader reader = Topics4Test.reader(Topics.SENDS)) {
            long id = pausedWithQueued(reader);
            List<SendRequest> queued = sendsOf(reader, id).subList(SENT_BEFORE_PAUSE, MEMBERS);
            // what a crash leaves after the resume's first page committed: running, cursor at that page's last id
            long cursor = queued.get(2).subscriberId();
            pool.preparedQuery("UPDATE campaign SET status = 'running', requeue_cursor = $2 WHERE id = $1")
                    .execute(Tuple.of(id, cursor)).await().indefinitely();

            List<SendRequest> rest = queued.subList(3, queued.size());
            Map<Long, Long> republished = awaitRepublished(reader, id, rest.size());
            assertEquals(ids(rest), republished.keySet(), "the QUEUED recipients after the cursor");
            assertEquals(List.of(1L), republished.values().stream().distinct().toList(), "each once");
        }
    }

    /** A campaign fanned out to every member, then paused with all but the first two still QUEUED. */
    private long pausedWithQueued(Topics4Test.Reader reader) {
        long list = CampaignFlowTest.newList();
        Audience4Test.publishList(list, MEMBERS, 0, 0);
        long id = CampaignFlowTest.createCampaign(list);
        CampaignFlowTest.awaitAudience(id, MEMBERS);
        CampaignFlowTest.start(id);
        List<SendRequest> sends = CampaignFlowTest.awaitSends(reader, id, MEMBERS);
        assertEquals(MEMBERS, sends.size(), "one send per member from the fan-out");
        await().atMost(PATIENCE).until(() -> campaign(id).jsonPath().getBoolean("fanoutComplete"));
        given().header("Authorization", OPERATOR).post("/api/campaigns/" + id + "/pause").then().statusCode(200);
        CampaignFlowTest.publishOutcomes(sendsOf(reader, id).subList(0, SENT_BEFORE_PAUSE), SendOutcome.Result.SENT,
                null);
        await().atMost(PATIENCE).until(() -> campaign(id).jsonPath().getInt("counts.sent") == SENT_BEFORE_PAUSE);
        assertEquals(MEMBERS - SENT_BEFORE_PAUSE, campaign(id).jsonPath().getInt("counts.queued"));
        return id;
    }

    /** The fan-out's sends in subscriber order (one each, asserted by the caller), then any re-publications. */
    private static List<SendRequest> sendsOf(Topics4Test.Reader reader, long id) {
        List<SendRequest> all = reader.poll(r -> r.value().contains("\"campaignId\":" + id + ",")).stream()
                .map(r -> EventCodec.decode(r.value(), SendRequest.class)).toList();
        List<SendRequest> first = all.subList(0, Math.min(MEMBERS, all.size())).stream()
                .sorted((a, b) -> Long.compare(a.subscriberId(), b.subscriberId())).toList();
        return Stream.concat(first.stream(), all.stream().skip(first.size())).toList();
    }

    /** Waits for {@code expected} re-publications, lets a few seconds pass for any extra, counts them by recipient. */
    private static Map<Long, Long> awaitRepublished(Topics4Test.Reader reader, long id, int expected) {
        await().atMost(PATIENCE).until(() -> sendsOf(reader, id).size() >= MEMBERS + expected);
        await().during(Duration.ofSeconds(3)).atMost(PATIENCE)
                .until(() -> sendsOf(reader, id).size() == MEMBERS + expected);
        return sendsOf(reader, id).stream().skip(MEMBERS).collect(Collectors.groupingBy(SendRequest::subscriberId,
                TreeMap::new, Collectors.counting()));
    }

    private static Set<Long> ids(List<SendRequest> sends) {
        return sends.stream().map(SendRequest::subscriberId).collect(Collectors.toCollection(TreeSet::new));
    }
}
