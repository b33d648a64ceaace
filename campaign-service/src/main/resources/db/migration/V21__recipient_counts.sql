-- Counts of campaign_recipient by campaign, state and reason, kept by statement-level triggers in the transaction of
-- every change, so they are exactly what a GROUP BY over the rows would say. Aggregating 200,000 rows on every
-- status poll and a NOT EXISTS over dead QUEUED index entries after every outcome batch were most of PostgreSQL's
-- CPU in the dispatch benchmark (pg_stat_statements); these tables answer both from a handful of rows.
-- No write may land between the backfill below and the triggers' creation (an instance of the previous version may
-- still be running while this one migrates): hold writers off for the migration's transaction.
LOCK TABLE campaign_recipient IN SHARE ROW EXCLUSIVE MODE;

CREATE TABLE campaign_recipient_count (
    campaign_id BIGINT NOT NULL,
    state       TEXT   NOT NULL,
    reason      TEXT   NOT NULL, -- '' for none: a key column cannot be null
    n           BIGINT NOT NULL,
    ambiguous   BIGINT NOT NULL,
    PRIMARY KEY (campaign_id, state, reason)
);

-- Recipients that became SENT or FAILED, per campaign and second: the send rate of the last minute.
CREATE TABLE campaign_send_second (
    campaign_id BIGINT      NOT NULL,
    second      TIMESTAMPTZ NOT NULL,
    n           BIGINT      NOT NULL,
    PRIMARY KEY (campaign_id, second)
);

INSERT INTO campaign_recipient_count (campaign_id, state, reason, n, ambiguous)
SELECT campaign_id, state, coalesce(reason, ''), count(*), count(*) FILTER (WHERE ambiguous)
FROM campaign_recipient GROUP BY 1, 2, 3;

-- Adds the net change of one statement (INSERT, UPDATE or DELETE). Keys are upserted in key order, so two statements
-- never wait for each other's counter rows in opposite orders.
CREATE FUNCTION campaign_recipient_counted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO campaign_recipient_count AS c (campaign_id, state, reason, n, ambiguous)
        SELECT campaign_id, state, coalesce(reason, ''), count(*), count(*) FILTER (WHERE ambiguous)
        FROM new_rows GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
        ON CONFLICT (campaign_id, state, reason)
            DO UPDATE SET n = c.n + EXCLUDED.n, ambiguous = c.ambiguous + EXCLUDED.ambiguous;
        INSERT INTO campaign_send_second AS s (campaign_id, second, n)
        SELECT campaign_id, date_trunc('second', now()), count(*)
        FROM new_rows WHERE state IN ('SENT', 'FAILED') GROUP BY 1 ORDER BY 1
        ON CONFLICT (campaign_id, second) DO UPDATE SET n = s.n + EXCLUDED.n;
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO campaign_recipient_count AS c (campaign_id, state, reason, n, ambiguous)
        SELECT campaign_id, state, reason, sum(n), sum(ambiguous)
        FROM (SELECT campaign_id, state, coalesce(reason, '') AS reason, 1 AS n, CASE WHEN ambiguous THEN 1 ELSE 0 END
                  AS ambiguous FROM new_rows
              UNION ALL
              SELECT campaign_id, state, coalesce(reason, ''), -1, CASE WHEN ambiguous THEN -1 ELSE 0 END
              FROM old_rows) d
        GROUP BY 1, 2, 3 HAVING sum(n) <> 0 OR sum(ambiguous) <> 0 ORDER BY 1, 2, 3
        ON CONFLICT (campaign_id, state, reason)
            DO UPDATE SET n = c.n + EXCLUDED.n, ambiguous = c.ambiguous + EXCLUDED.ambiguous;
        -- a row that was already SENT or FAILED before the statement is not a new send
        INSERT INTO campaign_send_second AS s (campaign_id, second, n)
        SELECT nr.campaign_id, date_trunc('second', now()), count(*)
        FROM new_rows nr JOIN old_rows o USING (campaign_id, subscriber_id)
        WHERE nr.state IN ('SENT', 'FAILED') AND (o.state NOT IN ('SENT', 'FAILED') OR o.generation <> nr.generation)
        GROUP BY 1 ORDER BY 1
        ON CONFLICT (campaign_id, second) DO UPDATE SET n = s.n + EXCLUDED.n;
    ELSE
        INSERT INTO campaign_recipient_count AS c (campaign_id, state, reason, n, ambiguous)
        SELECT campaign_id, state, coalesce(reason, ''), -count(*), -count(*) FILTER (WHERE ambiguous)
        FROM old_rows GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
        ON CONFLICT (campaign_id, state, reason)
            DO UPDATE SET n = c.n + EXCLUDED.n, ambiguous = c.ambiguous + EXCLUDED.ambiguous;
    END IF;
    RETURN NULL;
END $$;

-- A trigger with transition tables may have one event only.
CREATE TRIGGER campaign_recipient_counted_insert AFTER INSERT ON campaign_recipient
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION campaign_recipient_counted();
CREATE TRIGGER campaign_recipient_counted_update AFTER UPDATE ON campaign_recipient
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION campaign_recipient_counted();
CREATE TRIGGER campaign_recipient_counted_delete AFTER DELETE ON campaign_recipient
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION campaign_recipient_counted();

-- Only the per-call rate aggregate read it; every outcome paid for keeping it.
DROP INDEX campaign_recipient_recent;
