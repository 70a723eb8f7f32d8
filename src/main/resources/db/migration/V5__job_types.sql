-- Every job has a type, whose handler runs it; its queue only says which executor claims it. Jobs stored before
-- job types existed were one type per queue, named as their queue ('email', 'dataset').
ALTER TABLE jobs ADD COLUMN type VARCHAR(64);
UPDATE jobs SET type = queue;
ALTER TABLE jobs ALTER COLUMN type SET NOT NULL;

-- Fewer indexes: every change of status (a claim, an acknowledgement) writes a new entry into every index of the
-- row, so each index costs on every job twice. The rescuer's scans of RUNNING jobs use jobs_finished (status
-- first) as the cleaner's do; claims return their rows by id, not by lease token.
DROP INDEX jobs_lease;
DROP INDEX jobs_lease_token;
