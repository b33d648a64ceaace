-- Every notification received (SNS HTTP, SQS or DSN), raw, deduplicated on the provider's message id, so a retry
-- has no second effect and nothing learned is lost even when we do not act on its type.
CREATE TABLE notification (
    id                  BIGSERIAL PRIMARY KEY,
    message_id          TEXT        NOT NULL UNIQUE,
    source              TEXT        NOT NULL,
    message_type        TEXT        NOT NULL,
    topic_arn           TEXT,
    ses_type            TEXT,
    provider_message_id TEXT,
    body                TEXT        NOT NULL,
    received_at         TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- One row per recipient feedback derived from a notification; mirrors the FeedbackEvent published on mailroom.feedback.
CREATE TABLE feedback (
    id                  BIGSERIAL PRIMARY KEY,
    feedback_id         TEXT        NOT NULL UNIQUE,
    notification_id     BIGINT      NOT NULL REFERENCES notification (id),
    kind                TEXT        NOT NULL,
    email               TEXT        NOT NULL,
    campaign_id         BIGINT,
    subscriber_id       BIGINT,
    subtype             TEXT,
    diagnostic          TEXT,
    provider_message_id TEXT,
    occurred_at         TIMESTAMPTZ NOT NULL
);
CREATE INDEX feedback_email ON feedback (email, id);
CREATE INDEX feedback_campaign ON feedback (campaign_id, id);
CREATE INDEX feedback_kind ON feedback (kind, id);

-- SENT outcomes from mailroom.outcomes: maps a provider message id back to its campaign and subscriber.
CREATE TABLE sent_message (
    provider_message_id TEXT PRIMARY KEY,
    campaign_id         BIGINT      NOT NULL,
    subscriber_id       BIGINT      NOT NULL,
    email               TEXT        NOT NULL,
    sent_at             TIMESTAMPTZ
);
