-- Resume re-publishes the QUEUED recipients in keyset pages, one transaction each: the cursor is the last
-- subscriber id re-published (NULL = no re-publication pending), so a crash mid-resume continues where it stopped.
ALTER TABLE campaign ADD COLUMN requeue_cursor BIGINT;

-- Orders the QUEUED recipients by subscriber id for those pages (and still answers "is anybody QUEUED").
CREATE INDEX campaign_recipient_queued_keyset ON campaign_recipient (campaign_id, subscriber_id) WHERE state = 'QUEUED';
DROP INDEX campaign_recipient_queued;
