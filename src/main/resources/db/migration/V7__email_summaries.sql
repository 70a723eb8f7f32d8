-- What the email list shows of each email (recipients and subject), written with its job: the list reads these
-- instead of every payload (bodies up to 1 MB). Deleted with the job. Emails stored before this table existed have
-- no row here; the list reads their payload.
CREATE TABLE email_summaries (
    job_id   BIGINT PRIMARY KEY REFERENCES jobs (id) ON DELETE CASCADE,
    summary  TEXT   NOT NULL
);
