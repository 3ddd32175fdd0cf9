-- Campaigns per PR unit. A campaign belongs to the unit whose admin group composed it (NULL:
-- the national group) and reaches only that unit's subtree.
ALTER TABLE campaigns ADD COLUMN unit_id BIGINT REFERENCES units (id);
CREATE INDEX campaigns_unit_status ON campaigns (unit_id, status);

-- The units a campaign was sent to (their subtrees); none: the owner's whole audience.
CREATE TABLE campaign_target_units (
    campaign_id BIGINT NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    unit_id BIGINT NOT NULL REFERENCES units (id),
    PRIMARY KEY (campaign_id, unit_id)
);

-- A unit's own caption variants of a campaign that reaches its people: the people of its
-- subtree get these (the nearest localising ancestor's) instead of the campaign's own.
CREATE TABLE campaign_localisations (
    campaign_id BIGINT NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    unit_id BIGINT NOT NULL REFERENCES units (id),
    position INTEGER NOT NULL,
    text TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (campaign_id, unit_id, position)
);
