/**
 * The durable job queue: enqueue, claim with leases, fenced completion, retries with
 * backoff, lease recovery.
 */
@NullMarked
package dev.longhaul.queue;

import org.jspecify.annotations.NullMarked;
