-- Telegram updates as they were received, kept until handled, so that several instances serve
-- one person's updates in order and once (README "One person's updates across instances").
-- update_id is the key: an update posted again, to this instance or another, adds nothing.
-- Once handled, the person and the update are cleared (personal data); only the id stays, to
-- recognise a late repeat, until pruned a day later. A flood beyond the per-person cap is
-- stored already handled, outcome 'dropped'.
CREATE TABLE telegram_inbox (
    update_id INTEGER PRIMARY KEY,
    person_key TEXT,
    payload TEXT,
    received_at TEXT NOT NULL,
    handled_at TEXT,
    outcome TEXT
);
CREATE INDEX telegram_inbox_waiting ON telegram_inbox (person_key, update_id)
    WHERE handled_at IS NULL;
CREATE INDEX telegram_inbox_handled ON telegram_inbox (handled_at) WHERE handled_at IS NOT NULL;

-- Who is handling a person's updates now: one row per person while their updates are handled.
-- taken_at is renewed while the holder lives; a row left by a crashed holder can be taken over.
CREATE TABLE person_turns (
    person_key TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    taken_at TEXT NOT NULL
);

-- The user a conversation belongs to (the last element of its key), so a turn loads one
-- person's conversations, and erasure finds them, without reading JSON in a query.
ALTER TABLE conversation_states ADD COLUMN user_key TEXT;
UPDATE conversation_states SET user_key = CAST(json_extract(conversation_key, '$[#-1]') AS TEXT);
CREATE INDEX conversation_states_user ON conversation_states (user_key);
