-- Verification: what the platforms' APIs or an admin confirmed about each social account.

ALTER TABLE enrollments ADD COLUMN verified_at TEXT;
ALTER TABLE enrollments ADD COLUMN reverify_due_at TEXT;
ALTER TABLE enrollments ADD COLUMN grace_until TEXT;
ALTER TABLE enrollments ADD COLUMN decision_reason TEXT;
ALTER TABLE enrollments ADD COLUMN reapply_after TEXT;
ALTER TABLE enrollments ADD COLUMN last_verify_request_at TEXT;

-- The platform's immutable id and the last count seen, beside the handle.
ALTER TABLE social_accounts ADD COLUMN account_id TEXT;
ALTER TABLE social_accounts ADD COLUMN followers INTEGER;
ALTER TABLE social_accounts ADD COLUMN checked_at TEXT;

-- One-time codes to put in a bio, bound to person, platform and handle.
CREATE TABLE ownership_codes (
    person_id INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    platform TEXT NOT NULL,
    handle TEXT NOT NULL,
    code TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    PRIMARY KEY (person_id, platform)
);

-- Every check, kept as evidence: by API or by an admin.
CREATE TABLE account_checks (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    platform TEXT NOT NULL,
    handle TEXT NOT NULL,
    source TEXT NOT NULL,
    outcome TEXT NOT NULL,
    followers INTEGER,
    following INTEGER,
    account_id TEXT,
    account_created_at TEXT,
    code_in_bio INTEGER,
    checked_at TEXT NOT NULL
);
CREATE INDEX account_checks_person ON account_checks (person_id, platform, checked_at);

-- Checks waiting to run (a network fault, a rate limit, a re-verification): they survive a
-- restart and run when due.
CREATE TABLE verification_jobs (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    platform TEXT NOT NULL,
    purpose TEXT NOT NULL,
    due_at TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    UNIQUE (person_id, platform, purpose)
);
CREATE INDEX verification_jobs_due ON verification_jobs (due_at);

-- Accounts no API can see, waiting for an admin's decision.
CREATE TABLE review_cases (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    platform TEXT NOT NULL,
    handle TEXT NOT NULL,
    claimed_followers INTEGER,
    screenshot_file_id TEXT,
    code TEXT,
    flags TEXT NOT NULL DEFAULT '',
    evidence TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'collecting',
    decided_by TEXT,
    decided_at TEXT,
    reason TEXT,
    card_message_id INTEGER,
    created_at TEXT NOT NULL
);
CREATE INDEX review_cases_status ON review_cases (status, created_at);

-- Admin actions and refused attempts (who, what, arguments, when, outcome).
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    arguments TEXT NOT NULL DEFAULT '',
    outcome TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX audit_log_actor ON audit_log (actor, at);
