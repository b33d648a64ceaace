-- Warm-up ramp: all three set or none (dispatch ramps the rate from started_at).
ALTER TABLE campaign
    ADD COLUMN warmup_start_rate   INTEGER CHECK (warmup_start_rate >= 1),
    ADD COLUMN warmup_factor       DOUBLE PRECISION CHECK (warmup_factor >= 1),
    ADD COLUMN warmup_step_seconds BIGINT CHECK (warmup_step_seconds >= 1),
    ADD CONSTRAINT campaign_warmup_all_or_none CHECK (
        (warmup_start_rate IS NULL) = (warmup_factor IS NULL) AND (warmup_factor IS NULL) = (warmup_step_seconds IS NULL));

-- Operator test sends: outside the campaign's accounting, one row per address and request, outcome folded back.
CREATE TABLE campaign_test_send (
    id                   BIGSERIAL PRIMARY KEY,
    campaign_id          BIGINT      NOT NULL REFERENCES campaign (id),
    email                TEXT        NOT NULL,
    sample_subscriber_id BIGINT      NOT NULL,
    requested_by         TEXT        NOT NULL,
    state                TEXT        NOT NULL DEFAULT 'QUEUED',
    reason               TEXT,
    detail               TEXT,
    provider_message_id  TEXT,
    created_at           TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at           TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX campaign_test_send_campaign ON campaign_test_send (campaign_id, id);
