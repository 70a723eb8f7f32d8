-- The claim's exact order (priority DESC, run_at, id), so the next batch is read off the index, not sorted.
DROP INDEX jobs_claim;
CREATE INDEX jobs_claim ON jobs (queue, status, priority DESC, run_at, id);
