-- Statistics per PR unit. Counting each unit's delivered messages and reshares on demand would
-- join millions of deliveries to enrollments (seconds); these counters are kept by triggers
-- instead, so the national ranking reads one row per unit.
--
-- A person's deliveries and reshares count for the unit they belong to now: when their unit
-- is set or changes, their history moves with them. An erased person's numbers stay where
-- they were (deliveries keep no person, reshares are gone, the counters are history), as
-- the campaign totals keep their delivered messages.
--
-- PostgreSQL runs a trigger's body as a function: each SQLite trigger becomes a plpgsql
-- function of the same name, and the trigger keeps SQLite's WHEN condition.
CREATE TABLE unit_activity (
    unit_id BIGINT PRIMARY KEY,
    delivered INTEGER NOT NULL DEFAULT 0,  -- deliveries with status 'sent'
    reshares INTEGER NOT NULL DEFAULT 0
);

INSERT INTO unit_activity (unit_id, delivered, reshares)
SELECT e.unit_id,
       (SELECT COUNT(*) FROM deliveries AS d
        WHERE d.person_id IN (SELECT person_id FROM enrollments WHERE unit_id = e.unit_id)
          AND d.status = 'sent'),
       (SELECT COUNT(*) FROM reshares AS r
        WHERE r.person_id IN (SELECT person_id FROM enrollments WHERE unit_id = e.unit_id))
FROM enrollments AS e WHERE e.unit_id IS NOT NULL GROUP BY e.unit_id;

CREATE FUNCTION unit_activity_delivery_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO unit_activity (unit_id, delivered)
    SELECT unit_id, 1 FROM enrollments WHERE person_id = NEW.person_id AND unit_id IS NOT NULL
    ON CONFLICT (unit_id) DO UPDATE SET delivered = unit_activity.delivered + 1;
    RETURN NULL;
END $$;
CREATE TRIGGER unit_activity_delivery_added AFTER INSERT ON deliveries FOR EACH ROW
WHEN (NEW.status = 'sent' AND NEW.person_id IS NOT NULL)
EXECUTE FUNCTION unit_activity_delivery_added();

-- Sent, or no longer sent (a WhatsApp message that failed after it was accepted).
CREATE FUNCTION unit_activity_delivery_status() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO unit_activity (unit_id, delivered)
    SELECT unit_id, CASE WHEN NEW.status = 'sent' THEN 1 ELSE -1 END FROM enrollments
    WHERE person_id = NEW.person_id AND unit_id IS NOT NULL
    ON CONFLICT (unit_id) DO UPDATE
    SET delivered = unit_activity.delivered + CASE WHEN NEW.status = 'sent' THEN 1 ELSE -1 END;
    RETURN NULL;
END $$;
CREATE TRIGGER unit_activity_delivery_status AFTER UPDATE OF status ON deliveries FOR EACH ROW
WHEN (NEW.person_id IS NOT NULL AND (NEW.status = 'sent') <> (OLD.status = 'sent'))
EXECUTE FUNCTION unit_activity_delivery_status();

CREATE FUNCTION unit_activity_reshare_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO unit_activity (unit_id, reshares)
    SELECT unit_id, 1 FROM enrollments WHERE person_id = NEW.person_id AND unit_id IS NOT NULL
    ON CONFLICT (unit_id) DO UPDATE SET reshares = unit_activity.reshares + 1;
    RETURN NULL;
END $$;
CREATE TRIGGER unit_activity_reshare_added AFTER INSERT ON reshares FOR EACH ROW
WHEN (NEW.person_id IS NOT NULL)
EXECUTE FUNCTION unit_activity_reshare_added();

CREATE FUNCTION unit_activity_person_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE unit_activity SET
        delivered = unit_activity.delivered - (SELECT COUNT(*) FROM deliveries
                                 WHERE person_id = NEW.person_id AND status = 'sent'),
        reshares = unit_activity.reshares - (SELECT COUNT(*) FROM reshares
                                             WHERE person_id = NEW.person_id)
    WHERE unit_id = OLD.unit_id;
    INSERT INTO unit_activity (unit_id, delivered, reshares)
    SELECT NEW.unit_id,
           (SELECT COUNT(*) FROM deliveries WHERE person_id = NEW.person_id AND status = 'sent'),
           (SELECT COUNT(*) FROM reshares WHERE person_id = NEW.person_id)
    WHERE NEW.unit_id IS NOT NULL
    ON CONFLICT (unit_id) DO UPDATE
    SET delivered = unit_activity.delivered + excluded.delivered,
        reshares = unit_activity.reshares + excluded.reshares;
    RETURN NULL;
END $$;
CREATE TRIGGER unit_activity_person_moved AFTER UPDATE OF unit_id ON enrollments FOR EACH ROW
WHEN (NEW.unit_id IS DISTINCT FROM OLD.unit_id)
EXECUTE FUNCTION unit_activity_person_moved();

-- Each run's deliveries per status, kept by triggers: the campaign numbers of /statistik read
-- a few rows per run instead of counting millions of deliveries (a 30-day report counted
-- 3,000,000 index entries, over a second at national scale). Retention's fold deletes rows
-- and adds them to delivery_daily in one transaction, so live + folded stays the same.
CREATE TABLE run_delivery_counts (
    run_id BIGINT NOT NULL,
    status TEXT NOT NULL,
    count INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (run_id, status)
);

INSERT INTO run_delivery_counts (run_id, status, count)
SELECT run_id, status, COUNT(*) FROM deliveries GROUP BY run_id, status;

CREATE FUNCTION run_delivery_counts_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO run_delivery_counts (run_id, status, count) VALUES (NEW.run_id, NEW.status, 1)
    ON CONFLICT (run_id, status) DO UPDATE SET count = run_delivery_counts.count + 1;
    RETURN NULL;
END $$;
CREATE TRIGGER run_delivery_counts_added AFTER INSERT ON deliveries FOR EACH ROW
EXECUTE FUNCTION run_delivery_counts_added();

CREATE FUNCTION run_delivery_counts_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE run_delivery_counts SET count = run_delivery_counts.count - 1
    WHERE run_id = OLD.run_id AND status = OLD.status;
    INSERT INTO run_delivery_counts (run_id, status, count) VALUES (NEW.run_id, NEW.status, 1)
    ON CONFLICT (run_id, status) DO UPDATE SET count = run_delivery_counts.count + 1;
    RETURN NULL;
END $$;
CREATE TRIGGER run_delivery_counts_changed AFTER UPDATE OF run_id, status ON deliveries
FOR EACH ROW
WHEN (NEW.status IS DISTINCT FROM OLD.status OR NEW.run_id IS DISTINCT FROM OLD.run_id)
EXECUTE FUNCTION run_delivery_counts_changed();

CREATE FUNCTION run_delivery_counts_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE run_delivery_counts SET count = run_delivery_counts.count - 1
    WHERE run_id = OLD.run_id AND status = OLD.status;
    RETURN NULL;
END $$;
CREATE TRIGGER run_delivery_counts_removed AFTER DELETE ON deliveries FOR EACH ROW
EXECUTE FUNCTION run_delivery_counts_removed();

-- A unit's verified people per province and agency (the scoped breakdowns) without reading
-- the table; (unit_id, status) from 0014 already answers the counts per unit.
CREATE INDEX enrollments_unit_status_province ON enrollments (unit_id, status, province_code);
