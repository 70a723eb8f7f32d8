package dev.longhaul.queue;

/**
 * The outcome of an enqueue.
 *
 * @param job the job
 * @param created {@code false} when an earlier enqueue with the same idempotency key and
 * request made it
 */
public record Enqueued(Job job, boolean created) {
}
