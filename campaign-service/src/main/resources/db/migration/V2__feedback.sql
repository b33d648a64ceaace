-- Provider feedback per campaign (bounces, complaints …), one row per feedback id so redelivery counts once.
CREATE TABLE campaign_feedback (
    feedback_id   TEXT PRIMARY KEY,
    campaign_id   BIGINT      NOT NULL,
    subscriber_id BIGINT,
    kind          TEXT        NOT NULL,
    occurred_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX campaign_feedback_campaign ON campaign_feedback (campaign_id, kind);
