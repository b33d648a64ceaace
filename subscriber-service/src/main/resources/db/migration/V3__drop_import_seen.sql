-- Duplicates in an import's file are found in the runner's memory (SeenEmails) instead: an import cut off by a restart
-- is failed rather than resumed, so what it read never had to outlive its process, and the per-batch round trip and
-- index insert of every email cost the import ~10 ms a batch.
DROP TABLE import_seen;
