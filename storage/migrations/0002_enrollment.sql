-- Consent under UU PDP: what text (version and fingerprint), in which language, and when.
CREATE TABLE consents (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    text_version TEXT NOT NULL,
    text_sha256 TEXT NOT NULL,
    locale TEXT NOT NULL,
    granted_at TEXT NOT NULL,
    withdrawn_at TEXT
);
CREATE INDEX consents_person ON consents (person_id);

-- One enrollment per person: a draft while the conversation runs, then submitted for
-- verification. Each answer is written as soon as it is given.
CREATE TABLE enrollments (
    person_id INTEGER PRIMARY KEY REFERENCES people (id) ON DELETE CASCADE,
    status TEXT NOT NULL DEFAULT 'draft',
    nip TEXT UNIQUE,
    full_name TEXT,
    agency_kind TEXT,
    agency_code TEXT,
    agency_name TEXT,
    work_unit TEXT,
    province_code TEXT,
    work_email TEXT,
    email_answered INTEGER NOT NULL DEFAULT 0,
    -- The social platform being asked about, and the field being changed from the summary.
    current_platform TEXT,
    platforms_answered INTEGER NOT NULL DEFAULT 0,
    editing TEXT,
    content_paused_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    submitted_at TEXT
);
CREATE INDEX enrollments_status ON enrollments (status);

CREATE TABLE social_accounts (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES enrollments (person_id) ON DELETE CASCADE,
    platform TEXT NOT NULL,
    handle TEXT NOT NULL,
    verification_status TEXT NOT NULL DEFAULT 'unverified',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (person_id, platform)
);

-- A second account claiming an enrolled NIP: a case for the admins, never an overwrite.
CREATE TABLE nip_conflicts (
    id INTEGER PRIMARY KEY,
    claimant_id INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    holder_id INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL
);

-- Anonymous daily counters (no person ids) that keep statistics true after data is erased.
CREATE TABLE daily_counters (
    day TEXT NOT NULL,
    name TEXT NOT NULL,
    value INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (day, name)
);
