-- Idempotency keys are stored with their namespace (see dev.longhaul.queue.IdempotencyKey): 'internal:<key>' for
-- the application's own, 'user:<64 hex digits of the SHA-256 of the user name>:<key>' for a user's (up to 200
-- characters), so that no API caller can take a key of the application's or of another user. Keys stored before
-- keep their old form: none of them can equal a namespaced key, so they only stop matching (a replay across the
-- upgrade makes a second job). Widening a VARCHAR rewrites no row on PostgreSQL.
ALTER TABLE jobs ALTER COLUMN idempotency_key SET DATA TYPE VARCHAR(300);
