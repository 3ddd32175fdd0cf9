-- One person, several channels. Every address a person is reached at (their Telegram id,
-- their WhatsApp number), each finding the same person. `people.channel` and
-- `people.channel_user_id` stay, now meaning the address content goes to (one of these).
CREATE TABLE person_addresses (
    channel TEXT NOT NULL,
    address TEXT NOT NULL,
    person_id BIGINT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    -- The person's last message on this address: WhatsApp's 24-hour window opens with it.
    last_inbound_at TEXT,
    -- When the address became the person's (first contact, or the link).
    linked_at TEXT NOT NULL,
    PRIMARY KEY (channel, address),
    UNIQUE (person_id, channel)
);
INSERT INTO person_addresses (channel, address, person_id, linked_at)
SELECT channel, channel_user_id, id, first_seen_at FROM people;

-- A one-time code shown on the channel a person is enrolled on, typed on the other one to
-- link it. Only a hash is kept; one code per person, valid for 15 minutes.
CREATE TABLE link_codes (
    person_id BIGINT PRIMARY KEY REFERENCES people (id) ON DELETE CASCADE,
    code_sha256 TEXT NOT NULL UNIQUE,
    channel TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);

-- Wrong codes typed, per typing address (kept as a hash: the typist may be someone who never
-- consented). After 5 the address may try no more until `expires_at`.
CREATE TABLE link_attempts (
    typist_sha256 TEXT PRIMARY KEY,
    attempts INTEGER NOT NULL,
    expires_at TEXT NOT NULL
);

-- The opt-in to business-initiated messages (WhatsApp template messages) is part of consent.
-- Consents given before this existed did not include it.
ALTER TABLE consents ADD COLUMN business_messages INTEGER NOT NULL DEFAULT 0;
