-- Statistics: folded delivery counts, the leaderboard opt-out, and the indexes that keep the
-- aggregate queries fast on millions of rows.

-- Retention folds old deliveries into per-day counts, so the per-campaign numbers stay the same
-- after the rows themselves are gone. `day` is the UTC date of sent_at (or of the run's due_at
-- when the delivery was never sent).
CREATE TABLE delivery_daily (
    day TEXT NOT NULL,
    campaign_id BIGINT NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    status TEXT NOT NULL,
    count INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (day, campaign_id, status)
);
-- Per-campaign totals read by campaign, not by day.
CREATE INDEX delivery_daily_campaign ON delivery_daily (campaign_id, status);

-- /privasi: a person may keep their name off the leaderboard.
ALTER TABLE people ADD COLUMN leaderboard_hidden INTEGER NOT NULL DEFAULT 0;

-- Counting deliveries per campaign walks only this index (run_id, status, rowid), never the
-- table; retention also walks it run by run in id order.
CREATE INDEX deliveries_run_status ON deliveries (run_id, status);

-- Leaderboards read a time window of reshares; the covering columns spare a table lookup
-- per reshare.
CREATE INDEX reshares_created ON reshares (created_at, person_id, points);
-- Reshare counts per campaign.
CREATE INDEX reshares_campaign ON reshares (campaign_id);

-- Current totals and breakdowns of verified people, answered from indexes alone.
CREATE INDEX enrollments_status_paused ON enrollments (status, content_paused_at);
CREATE INDEX enrollments_status_agency ON enrollments (status, agency_code, agency_name);
CREATE INDEX enrollments_status_province ON enrollments (status, province_code);
-- Blocked people are few: counting them starts here instead of at a million enrollments.
CREATE INDEX people_status ON people (status);
