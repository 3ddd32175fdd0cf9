-- Digital badges (Open Badges 2.0, hosted). What the public page shows is kept here as it was
-- at issue time, so the page never needs the enrollment (and never shows more).
CREATE TABLE badges (
    id INTEGER PRIMARY KEY,
    number TEXT NOT NULL UNIQUE,
    person_id INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    holder_name TEXT NOT NULL,
    agency TEXT NOT NULL,
    recipient_type TEXT NOT NULL,
    recipient_hash TEXT NOT NULL,
    recipient_salt TEXT NOT NULL,
    evidence TEXT NOT NULL,
    issued_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'active',
    status_reason TEXT,
    status_changed_at TEXT,
    document_file_id TEXT,
    preview_file_id TEXT
);
CREATE INDEX badges_person ON badges (person_id, issued_at);
