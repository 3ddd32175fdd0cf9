-- Several instances of the bot on one database (web and worker processes).

-- Every running process, by its own id (a new one per start): its role, the channels whose
-- outbox it sends, and a heartbeat every few seconds. A process whose heartbeat is stale has
-- crashed: its in-flight deliveries are taken back and its share of the send rate goes to
-- the others.
CREATE TABLE instances (
    id TEXT PRIMARY KEY,
    role TEXT NOT NULL,                 -- all | web | worker
    label TEXT NOT NULL,                -- host:pid, for operators
    channels TEXT NOT NULL DEFAULT '',  -- the channels it sends, comma-separated
    started_at TEXT NOT NULL,
    heartbeat_at TEXT NOT NULL
);

-- Work one instance at a time does (the scheduled jobs, Telegram polling): held until
-- `expires_at` unless renewed; `generation` rises at every change of holder.
CREATE TABLE leases (
    name TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    generation INTEGER NOT NULL
);

-- Which instance claimed a row in flight, so that only a dead instance's rows are taken back.
ALTER TABLE deliveries ADD COLUMN claimed_by TEXT;

-- When a run's progress was last shown: one worker edits the admins' message per interval.
ALTER TABLE campaign_runs ADD COLUMN progress_at TEXT;

-- A channel's flood-control pause (a 429's retry_after), seen by every worker before it claims.
CREATE TABLE channel_pauses (
    channel TEXT PRIMARY KEY,
    until TEXT NOT NULL
);
