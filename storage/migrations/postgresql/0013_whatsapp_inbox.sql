-- WhatsApp messages as the webhook received them, kept until they are handled: Meta retries a
-- webhook it got no 200 for, and a restart must not lose what was acknowledged. The wamid is
-- the key, so a repeated webhook adds nothing. Once handled, the sender and the message are
-- cleared (personal data) and only the id stays, to recognise a late repeat, until pruned.
CREATE TABLE whatsapp_inbox (
    message_id TEXT PRIMARY KEY,
    wa_id TEXT,
    payload TEXT,
    received_at TEXT NOT NULL,
    handled_at TEXT,
    -- SQLite's implicit rowid, spelled out: the inbox is read in arrival order with it as the
    -- tie-break (ORDER BY received_at, rowid), so the query is the same on both databases.
    rowid BIGINT GENERATED ALWAYS AS IDENTITY
);
CREATE INDEX whatsapp_inbox_waiting ON whatsapp_inbox (received_at) WHERE handled_at IS NULL;
CREATE INDEX whatsapp_inbox_handled ON whatsapp_inbox (handled_at) WHERE handled_at IS NOT NULL;
