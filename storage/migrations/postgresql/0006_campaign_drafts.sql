-- A campaign an admin is still composing in the admin group: every answer is kept, so a
-- restart mid-way loses nothing. One draft per admin.
CREATE TABLE campaign_drafts (
    admin_id TEXT PRIMARY KEY,
    data TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
