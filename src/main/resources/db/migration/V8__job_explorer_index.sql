-- The job explorer's lists (GET /api/jobs): newest first (id descending) by status, or by status and type, read off
-- this index and stopped after a page, whatever the table holds; the keyset cursor (id < ?) starts inside the range.
-- Unfiltered lists read the primary key backwards. One index more is one entry more per change of status: the
-- explorer gets this one, not one per filter.
CREATE INDEX jobs_status_type ON jobs (status, type, id);
