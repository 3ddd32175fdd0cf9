-- Everyone who has talked to the bot, on any channel. The channel's own user id is kept as
-- text so that a WhatsApp number fits beside a Telegram id.
CREATE TABLE people (
    id INTEGER PRIMARY KEY,
    channel TEXT NOT NULL,
    channel_user_id TEXT NOT NULL,
    locale TEXT CHECK (locale IN ('id', 'en')),
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'blocked')),
    first_seen_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    UNIQUE (channel, channel_user_id)
);

-- Where each chat conversation stands, so a restart continues it.
CREATE TABLE conversation_states (
    name TEXT NOT NULL,
    conversation_key TEXT NOT NULL,
    state TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (name, conversation_key)
);
