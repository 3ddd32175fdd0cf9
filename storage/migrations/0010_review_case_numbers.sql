-- Review case numbers are never reused. Without AUTOINCREMENT SQLite hands out the highest
-- id + 1, so after an erasure deleted the newest case the next person got its number, and a
-- press on the erased person's old card decided the new person's case.

CREATE TABLE review_cases_numbered (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
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
INSERT INTO review_cases_numbered
    (id, person_id, platform, handle, claimed_followers, screenshot_file_id, code, flags,
     evidence, status, decided_by, decided_at, reason, card_message_id, created_at)
SELECT id, person_id, platform, handle, claimed_followers, screenshot_file_id, code, flags,
       evidence, status, decided_by, decided_at, reason, card_message_id, created_at
FROM review_cases;
DROP TABLE review_cases;
ALTER TABLE review_cases_numbered RENAME TO review_cases;
CREATE INDEX review_cases_status ON review_cases (status, created_at);
