package dev.longhaul.queue;

/**
 * An idempotency key was used again with a different request.
 */
public class IdempotencyConflictException extends RuntimeException {

	private final long existingJobId;

	public IdempotencyConflictException(String key, long existingJobId) {
		super("Idempotency key '" + key + "' was already used with a different request (job " + existingJobId + ")");
		this.existingJobId = existingJobId;
	}

	public long existingJobId() {
		return this.existingJobId;
	}

}
