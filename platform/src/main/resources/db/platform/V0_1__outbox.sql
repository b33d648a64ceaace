-- Transactional outbox shared by every service: rows are written in the same transaction as the state change
-- they announce and relayed to Kafka by OutboxRelay, then deleted once the broker acknowledged them.
CREATE TABLE outbox (
    id         BIGSERIAL PRIMARY KEY,
    topic      TEXT        NOT NULL,
    msg_key    TEXT        NOT NULL,
    payload    TEXT,
    headers    JSONB,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
