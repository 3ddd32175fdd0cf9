-- Deliveries on more than one channel. Each channel's worker claims the rows queued for its
-- channel: the person's content channel when the row was queued (corrected by the claim when
-- the person has chosen another since). Every row so far was queued for Telegram.
ALTER TABLE deliveries ADD COLUMN channel TEXT NOT NULL DEFAULT 'telegram';
CREATE INDEX deliveries_channel_queue ON deliveries (channel, status, next_attempt_at, id);

-- WhatsApp names a sent message by its wamid (text, not Telegram's number) and reports later
-- what became of it through status webhooks, looked up by that id; delivered and read times
-- are kept for the statistics.
ALTER TABLE deliveries ADD COLUMN channel_message_id TEXT;
ALTER TABLE deliveries ADD COLUMN delivered_at TEXT;
ALTER TABLE deliveries ADD COLUMN read_at TEXT;
-- The Cloud API's error code of a failure reported after the send (131026, 131049, ...).
ALTER TABLE deliveries ADD COLUMN error_code INTEGER;
CREATE INDEX deliveries_channel_message ON deliveries (channel_message_id)
    WHERE channel_message_id IS NOT NULL;

-- A campaign's media as another channel knows it: campaigns keep the Telegram file id they
-- were composed with; WhatsApp gets the file uploaded once and is sent its media id after,
-- until the id nears its expiry (WhatsApp keeps uploaded media for 30 days).
CREATE TABLE campaign_media (
    campaign_id BIGINT NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    channel TEXT NOT NULL,
    media_id TEXT NOT NULL,
    uploaded_at TEXT NOT NULL,
    PRIMARY KEY (campaign_id, channel)
);
