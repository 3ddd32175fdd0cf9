-- Content campaigns: what admins send, to whom, when; and a durable outbox of deliveries.

CREATE TABLE campaigns (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    kind TEXT NOT NULL,                      -- text | photo | video | document
    body TEXT NOT NULL,                      -- the text, or the caption
    media_file_id TEXT,                      -- Telegram file id of the media (sent by file id)
    link TEXT,
    hashtags TEXT NOT NULL DEFAULT '',
    target TEXT NOT NULL DEFAULT '{}',       -- JSON: agency_code, province_code, zone, platform
    schedule_kind TEXT NOT NULL,             -- now | once | daily
    run_at TEXT,                             -- once: the UTC instant
    daily_time TEXT,                         -- daily: HH:MM in each recipient's own zone
    status TEXT NOT NULL DEFAULT 'draft',    -- draft | awaiting_approval | scheduled | done | cancelled
    created_by TEXT NOT NULL,
    approved_by TEXT,
    created_at TEXT NOT NULL,
    cancelled_at TEXT
);
CREATE INDEX campaigns_status ON campaigns (status);

-- Caption variants, given to recipients in rotation so posts do not look identical.
CREATE TABLE campaign_variants (
    campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (campaign_id, position)
);

-- One planned sending of a campaign to one time zone (a daily campaign has one per day and
-- zone). Planned runs are the schedule: they survive restarts and are re-registered.
CREATE TABLE campaign_runs (
    id INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    run_key TEXT NOT NULL,                   -- e.g. '2026-11-28' (daily) or 'once'
    zone TEXT NOT NULL,                      -- WIB | WITA | WIT, or 'ALL'
    due_at TEXT NOT NULL,                    -- UTC
    status TEXT NOT NULL DEFAULT 'planned',  -- planned | sending | done | missed | cancelled
    progress_message_id INTEGER,
    UNIQUE (campaign_id, run_key, zone)
);
CREATE INDEX campaign_runs_due ON campaign_runs (status, due_at);

-- The outbox: one row per (run, recipient). The chat is looked up from `people` at send time,
-- so an erased person leaves only an anonymous row behind (person_id becomes NULL).
CREATE TABLE deliveries (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES campaign_runs (id) ON DELETE CASCADE,
    person_id INTEGER REFERENCES people (id) ON DELETE SET NULL,
    variant INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL DEFAULT 'pending',  -- pending | sending | sent | failed | blocked | skipped
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT,
    claimed_at TEXT,
    sent_at TEXT,
    message_id INTEGER,
    error TEXT,
    UNIQUE (run_id, person_id)
);
CREATE INDEX deliveries_queue ON deliveries (status, next_attempt_at, id);
CREATE INDEX deliveries_person ON deliveries (person_id, sent_at);

-- Reshares the civil servants reported, with the link to their post when given.
CREATE TABLE reshares (
    id INTEGER PRIMARY KEY,
    delivery_id INTEGER REFERENCES deliveries (id) ON DELETE SET NULL,
    person_id INTEGER REFERENCES people (id) ON DELETE CASCADE,
    campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    platform TEXT,
    post_url TEXT,
    points INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    UNIQUE (delivery_id)
);
CREATE INDEX reshares_person ON reshares (person_id, created_at);
