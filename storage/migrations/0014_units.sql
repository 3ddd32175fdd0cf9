-- PR units: the national programme (the root) and every agency that runs its own admin group:
-- ministries and central agencies and provincial governments under the root, regency and city
-- governments under their province. Rows appear when first needed (a person enrolls there, a
-- group is invited), so the tree holds only units that matter.
CREATE TABLE units (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    parent_id INTEGER REFERENCES units (id),
    created_at TEXT NOT NULL
);
CREATE INDEX units_parent ON units (parent_id);
INSERT INTO units (code, kind, name, parent_id, created_at)
VALUES ('nasional', 'national', 'Program Nasional', NULL, '2026-12-01T00:00:00+00:00');

-- The admin group of a unit (the root's is ADMIN_CHAT_ID, not stored here). One group serves
-- one unit. second_approval: NULL follows REQUIRE_SECOND_APPROVAL, 1/0 overrides it.
CREATE TABLE unit_groups (
    unit_id INTEGER PRIMARY KEY REFERENCES units (id),
    chat_id INTEGER NOT NULL UNIQUE,
    activated_at TEXT NOT NULL,
    activated_by TEXT NOT NULL,
    second_approval INTEGER
);

-- One-time codes a national admin hands to a unit's PR head; stored hashed, valid 48 hours.
CREATE TABLE unit_invitations (
    code_hash TEXT PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES units (id),
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at TEXT,
    used_chat_id INTEGER
);
CREATE INDEX unit_invitations_unit ON unit_invitations (unit_id);

-- The unit a person belongs to: the agency chosen at enrollment (NULL until it is known).
ALTER TABLE enrollments ADD COLUMN unit_id INTEGER REFERENCES units (id);
CREATE INDEX enrollments_unit_status ON enrollments (unit_id, status);

-- The unit whose admin group an action was taken in (NULL: the national group, or no group).
ALTER TABLE audit_log ADD COLUMN unit_id INTEGER;
CREATE INDEX audit_log_unit ON audit_log (unit_id, id);
