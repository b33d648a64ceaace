-- campaign-service's replica of mailroom.subscribers: the audience it fans out from.
CREATE TABLE audience_subscriber (
    id                BIGINT PRIMARY KEY,
    email             TEXT        NOT NULL,
    name              TEXT,
    attributes        JSONB       NOT NULL DEFAULT '{}',
    status            TEXT        NOT NULL,
    status_reason     TEXT,
    revision          BIGINT      NOT NULL,
    updated_at        TIMESTAMPTZ,
    status_changed_at TIMESTAMPTZ
);

-- (subscriber_id, list_id) order lets the fan-out's keyset scan walk one index and stop after each batch.
CREATE TABLE audience_subscription (
    subscriber_id BIGINT  NOT NULL REFERENCES audience_subscriber (id) ON DELETE CASCADE,
    list_id       BIGINT  NOT NULL,
    status        TEXT    NOT NULL,
    double_optin  BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (subscriber_id, list_id)
);
CREATE INDEX audience_subscription_list ON audience_subscription (list_id, subscriber_id);

CREATE TABLE template (
    id           BIGSERIAL PRIMARY KEY,
    name         TEXT        NOT NULL,
    body         TEXT        NOT NULL,
    content_type TEXT        NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE campaign (
    id            BIGSERIAL PRIMARY KEY,
    name          TEXT        NOT NULL,
    subject       TEXT        NOT NULL,
    from_email    TEXT        NOT NULL,
    reply_to      TEXT,
    body          TEXT        NOT NULL,
    template_id   BIGINT REFERENCES template (id),
    content_type  TEXT        NOT NULL,
    channel       TEXT        NOT NULL,
    list_ids      BIGINT[]    NOT NULL,
    send_at       TIMESTAMPTZ,
    rate_limit    INTEGER,
    status        TEXT        NOT NULL,
    status_reason TEXT,
    generation    INTEGER     NOT NULL DEFAULT 0,
    fanout_cursor BIGINT      NOT NULL DEFAULT 0,
    fanout_done   BOOLEAN     NOT NULL DEFAULT FALSE,
    revision      BIGINT      NOT NULL DEFAULT 0,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    started_at    TIMESTAMPTZ,
    finished_at   TIMESTAMPTZ
);
CREATE INDEX campaign_due ON campaign (send_at) WHERE status = 'scheduled';

-- One row per recipient: the truth every count is derived from.
CREATE TABLE campaign_recipient (
    campaign_id         BIGINT      NOT NULL REFERENCES campaign (id),
    subscriber_id       BIGINT      NOT NULL,
    email               TEXT        NOT NULL,
    generation          INTEGER     NOT NULL,
    state               TEXT        NOT NULL,
    reason              TEXT,
    detail              TEXT,
    attempts            INTEGER     NOT NULL DEFAULT 0,
    provider_message_id TEXT,
    ambiguous           BOOLEAN     NOT NULL DEFAULT FALSE,
    updated_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (campaign_id, subscriber_id)
);
CREATE INDEX campaign_recipient_queued ON campaign_recipient (campaign_id) WHERE state = 'QUEUED';
CREATE INDEX campaign_recipient_state ON campaign_recipient (campaign_id, state, reason);
CREATE INDEX campaign_recipient_recent ON campaign_recipient (campaign_id, updated_at) WHERE state IN ('SENT', 'FAILED');
