-- Tombstones now carry the revision they delete, kept in subscriber_replica.revision, and a later state revives the
-- row. Markers written before that do not know theirs: they stay final (Tombstones.FINAL), as they were.
UPDATE subscriber_replica SET revision = 9223372036854775807 WHERE deleted;
