-- Generations of what every instance keeps in memory. The admin directory (which chats are
-- admin groups, of which unit, and their administrators) is read once and then followed;
-- with several instances, a change one instance makes (a unit group activated, moved or
-- removed, an admin promoted or demoted) raises its generation in the same transaction, and
-- the others reload when they read a generation they have not seen.
CREATE TABLE cache_generations (
    name TEXT PRIMARY KEY,
    generation INTEGER NOT NULL
);
