-- Where an import got to and whether its runner is alive: last_line is the last line of the file whose batch is
-- committed (batches commit in file order, so every line up to it is processed); a running import whose heartbeat is
-- older than the lease lost its runner (restart, crash) and is marked failed by ImportRecovery.
ALTER TABLE imports ADD COLUMN last_line BIGINT NOT NULL DEFAULT 0;
ALTER TABLE imports ADD COLUMN heartbeat_at TIMESTAMPTZ NOT NULL DEFAULT now();
CREATE INDEX imports_running_idx ON imports (heartbeat_at) WHERE status = 'running';
