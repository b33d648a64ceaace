-- subscriber-service schema: lists, subscribers, subscriptions, bulk actions with their previous states,
-- imports, audit log and the processed-id tables that make the Kafka consumers idempotent.

CREATE TABLE lists (
    id          BIGSERIAL PRIMARY KEY,
    name        TEXT        NOT NULL,
    description TEXT,
    optin       TEXT        NOT NULL CHECK (optin IN ('single', 'double')),
    tags        TEXT[]      NOT NULL DEFAULT '{}',
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE subscribers (
    id            BIGSERIAL PRIMARY KEY,
    -- stored normalised (trimmed, lower case), so a plain unique index is case-insensitive uniqueness
    email         TEXT        NOT NULL CHECK (email = lower(btrim(email))),
    name          TEXT,
    attributes    JSONB       NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(attributes) = 'object'),
    status        TEXT        NOT NULL CHECK (status IN ('enabled', 'disabled', 'blocklisted')),
    status_reason TEXT,
    revision      BIGINT      NOT NULL DEFAULT 1,
    -- soft delete by a bulk action, purged once its revert window is over
    deleted_at    TIMESTAMPTZ,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);
-- a soft-deleted subscriber does not hold its email: it may be created again (revert then skips that one)
CREATE UNIQUE INDEX subscribers_email_uq ON subscribers (email) WHERE deleted_at IS NULL;
CREATE INDEX subscribers_status_idx ON subscribers (status);

CREATE TABLE subscriptions (
    subscriber_id BIGINT      NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
    list_id       BIGINT      NOT NULL REFERENCES lists (id) ON DELETE CASCADE,
    status        TEXT        NOT NULL CHECK (status IN ('unconfirmed', 'confirmed', 'unsubscribed')),
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (subscriber_id, list_id)
);
CREATE INDEX subscriptions_list_status_idx ON subscriptions (list_id, status);

CREATE TABLE bulk_actions (
    id          BIGSERIAL PRIMARY KEY,
    action      TEXT        NOT NULL,
    target      JSONB       NOT NULL,
    lists       BIGINT[]    NOT NULL DEFAULT '{}',
    matched     INT         NOT NULL,
    affected    INT         NOT NULL DEFAULT 0,
    actor       TEXT        NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    reverted_at TIMESTAMPTZ,
    reverted_by TEXT,
    restored    INT
);

-- One row per subscriber a bulk action changed: what it was before, and the revision the action left, so that a
-- revert restores only subscribers nobody has changed since.
CREATE TABLE bulk_action_items (
    bulk_action_id     BIGINT NOT NULL REFERENCES bulk_actions (id),
    subscriber_id      BIGINT NOT NULL,
    prev_status        TEXT   NOT NULL,
    prev_status_reason TEXT,
    prev_deleted_at    TIMESTAMPTZ,
    -- [{"listId":1,"status":"confirmed"}] for the lists the action touched; absent list = was not subscribed
    prev_subscriptions JSONB  NOT NULL DEFAULT '[]',
    revision_after     BIGINT NOT NULL,
    PRIMARY KEY (bulk_action_id, subscriber_id)
);
CREATE INDEX bulk_action_items_subscriber_idx ON bulk_action_items (subscriber_id);

CREATE TABLE audit_log (
    id             BIGSERIAL PRIMARY KEY,
    at             TIMESTAMPTZ NOT NULL DEFAULT now(),
    actor          TEXT        NOT NULL,
    action         TEXT        NOT NULL,
    subscriber_id  BIGINT,
    bulk_action_id BIGINT,
    affected       INT         NOT NULL DEFAULT 1,
    detail         JSONB       NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_subscriber_idx ON audit_log (subscriber_id);
CREATE INDEX audit_log_at_idx ON audit_log (at);

CREATE TABLE imports (
    id          BIGSERIAL PRIMARY KEY,
    status      TEXT        NOT NULL CHECK (status IN ('running', 'finished', 'failed')),
    mode        TEXT        NOT NULL,
    overwrite   BOOLEAN     NOT NULL,
    lists       BIGINT[]    NOT NULL DEFAULT '{}',
    actor       TEXT        NOT NULL,
    total       BIGINT      NOT NULL DEFAULT 0,
    processed   BIGINT      NOT NULL DEFAULT 0,
    imported    BIGINT      NOT NULL DEFAULT 0,
    skipped     BIGINT      NOT NULL DEFAULT 0,
    error_count BIGINT      NOT NULL DEFAULT 0,
    failure     TEXT,
    started_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    finished_at TIMESTAMPTZ
);

CREATE TABLE import_errors (
    import_id BIGINT NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
    line      BIGINT NOT NULL,
    reason    TEXT   NOT NULL,
    PRIMARY KEY (import_id, line)
);

-- Emails an import has read so far (with their line): a second row with one of them is a duplicate in the file.
-- Unlogged: it only lives while its import runs and is emptied when the import ends.
CREATE UNLOGGED TABLE import_seen (
    import_id BIGINT NOT NULL,
    email     TEXT   NOT NULL,
    line      BIGINT NOT NULL,
    PRIMARY KEY (import_id, email)
);

CREATE TABLE processed_commands (
    command_id   TEXT PRIMARY KEY,
    processed_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Applied bounce/complaint feedback: idempotency by feedback id and the history the soft-bounce window counts.
CREATE TABLE feedback_applied (
    feedback_id TEXT PRIMARY KEY,
    email       TEXT        NOT NULL,
    kind        TEXT        NOT NULL,
    occurred_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX feedback_applied_email_idx ON feedback_applied (email, kind, occurred_at);
