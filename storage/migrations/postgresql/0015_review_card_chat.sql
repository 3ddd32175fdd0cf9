-- The chat that holds a review case's card: the group of the person's PR unit, or of its
-- nearest ancestor with a group. NULL is the national admin group wherever it is now (it may
-- have become a supergroup): every card posted before PR units existed is there.
ALTER TABLE review_cases ADD COLUMN card_chat_id BIGINT;

-- Groups the bot was added to that are no admin group yet. A PR head creates the group, adds
-- the bot and then sends /aktifkan: the bot waits a grace period before it leaves
-- (LEAVE_OTHER_GROUPS), and the arrival is stored so a restart keeps the deadline.
CREATE TABLE group_arrivals (
    chat_id BIGINT PRIMARY KEY,
    arrived_at TEXT NOT NULL,
    added_by TEXT NOT NULL
);
