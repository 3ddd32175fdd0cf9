-- The story variant's Telegram file id, so /lencana re-sends both files without uploading.
ALTER TABLE badges ADD COLUMN story_file_id TEXT;
