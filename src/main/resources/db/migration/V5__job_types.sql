-- Every job has a type, whose handler runs it; its queue only says which executor claims it. Jobs stored before
-- job types existed were one type per queue, named as their queue ('email', 'dataset').
ALTER TABLE jobs ADD COLUMN type VARCHAR(64);
UPDATE jobs SET type = queue;
ALTER TABLE jobs ALTER COLUMN type SET NOT NULL;

-- The rescuer returns the running jobs of instances that stopped sending heartbeats.
CREATE INDEX jobs_running_owner ON jobs (status, lease_owner);
