-- Bulk actions and their reverts run in chunks (mailroom.bulk.chunk-size subscribers, one transaction each) in
-- subscriber id order, instead of one transaction over every target. cursor_id is the last subscriber id a committed
-- chunk went through, up to max_id (the highest id when the action started: subscribers created later are not part of
-- it); revert_cursor the same over bulk_action_items. A running action or revert whose heartbeat (refreshed by each
-- chunk) is older than mailroom.bulk.lease lost its runner (restart, crash) and is continued by BulkActionRecovery.
ALTER TABLE bulk_actions
    ADD COLUMN status        TEXT        NOT NULL DEFAULT 'finished' CHECK (status IN ('running', 'finished')),
    ADD COLUMN max_id        BIGINT      NOT NULL DEFAULT 0,
    ADD COLUMN cursor_id     BIGINT      NOT NULL DEFAULT 0,
    ADD COLUMN revert_status TEXT        CHECK (revert_status IN ('running', 'finished')),
    ADD COLUMN revert_cursor BIGINT      NOT NULL DEFAULT 0,
    ADD COLUMN skipped       INT,
    ADD COLUMN heartbeat_at  TIMESTAMPTZ NOT NULL DEFAULT now();
UPDATE bulk_actions SET revert_status = 'finished', skipped = affected - restored WHERE reverted_at IS NOT NULL;
CREATE INDEX bulk_actions_running_idx ON bulk_actions (heartbeat_at)
    WHERE status = 'running' OR revert_status = 'running';
