-- The cluster-wide jobs/s chart: each instance writes its recent per-bucket job counts (a short text, under 3,000
-- characters whatever the counts; see queue/BucketCounts) into its own row with every heartbeat, in the UPDATE it
-- makes anyway. A chart of the whole cluster reads this column of the live instances' rows: no extra write, no
-- other table, and never the jobs table. NULL until the instance's first heartbeat after this migration.
ALTER TABLE instances ADD COLUMN throughput VARCHAR(4000);
