-- The admin group's moves: a basic group upgraded to a supergroup gets a new id. The bot
-- follows the move at once and keeps following it after a restart, until ADMIN_CHAT_ID is
-- updated to the new id.
CREATE TABLE chat_migrations (
    old_chat_id BIGINT PRIMARY KEY,
    new_chat_id BIGINT NOT NULL,
    migrated_at TEXT NOT NULL
);

-- The audit actor is the Telegram user id (so /audit ID finds every action); the name the
-- admin had then is kept beside it for reading.
ALTER TABLE audit_log ADD COLUMN actor_name TEXT NOT NULL DEFAULT '';
