-- The trace context of the request that enqueued a job, as a W3C traceparent (version 00: 55 characters), so that
-- the job's runs, retries included, join that request's trace. NULL when nothing traced the enqueue.
ALTER TABLE jobs ADD COLUMN trace_parent VARCHAR(55);
