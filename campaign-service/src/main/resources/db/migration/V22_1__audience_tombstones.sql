-- The revision at which each deleted subscriber was deleted (Tombstones.FINAL = 9223372036854775807 when its
-- tombstone did not say). A separate table rather than a deleted flag on audience_subscriber: every reader of the
-- audience (fan-out pages, rules, preflight, requeue, samples) keeps reading live rows only, and a state newer than
-- the tombstone (a reverted bulk delete) inserts the row again and drops the marker; an older or equal one is not
-- inserted, so a late state cannot resurrect a deleted subscriber.
CREATE TABLE audience_tombstone (
    id       BIGINT PRIMARY KEY,
    revision BIGINT NOT NULL
);
