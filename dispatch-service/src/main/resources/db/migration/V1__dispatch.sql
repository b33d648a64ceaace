-- Local replica of mailroom.campaigns: the latest revision of what dispatch needs to render and route.
CREATE TABLE campaign_replica (
    campaign_id BIGINT PRIMARY KEY,
    revision    BIGINT      NOT NULL,
    state       TEXT        NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Local suppression replica of mailroom.subscribers; a tombstone keeps the row with deleted = true so that a
-- send to a deleted subscriber is skipped rather than treated as unknown.
CREATE TABLE subscriber_replica (
    subscriber_id BIGINT PRIMARY KEY,
    revision      BIGINT      NOT NULL,
    status        TEXT,
    status_reason TEXT,
    subscriptions TEXT,
    deleted       BOOLEAN     NOT NULL DEFAULT FALSE,
    updated_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Idempotency log: one row per idempotency key (campaign:subscriber:generation).
-- SENDING is written before the provider call, so a row found SENDING after a crash is the ambiguous case.
CREATE TABLE send_log (
    idempotency_key TEXT PRIMARY KEY,
    campaign_id     BIGINT      NOT NULL,
    subscriber_id   BIGINT      NOT NULL,
    generation      INT         NOT NULL,
    channel         TEXT        NOT NULL,
    state           TEXT        NOT NULL CHECK (state IN ('SENDING', 'RETRYING', 'SENT', 'FAILED')),
    attempts        INT         NOT NULL,
    provider_id     TEXT,
    reason          TEXT,
    detail          TEXT,
    ambiguous       BOOLEAN     NOT NULL DEFAULT FALSE,
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX send_log_campaign ON send_log (campaign_id);
