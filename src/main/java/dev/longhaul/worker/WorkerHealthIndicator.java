package dev.longhaul.worker;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * Health of one worker: DOWN when it is FAILED, stalled, has failed
 * {@code failure-threshold} rounds in a row, or paused itself after a failure; UP while
 * running or paused by an operator. Details show its snapshot. Only the {@code workers}
 * component includes it: liveness and readiness do not, so it never takes an instance out
 * of rotation.
 */
final class WorkerHealthIndicator extends AbstractHealthIndicator {

	private final Worker worker;

	WorkerHealthIndicator(Worker worker) {
		super("Health check of worker '" + worker.name() + "' failed");
		this.worker = worker;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		WorkerSnapshot snapshot = this.worker.snapshot();
		builder.status(status(snapshot, this.worker.settings().failureThreshold()));
		builder.withDetail("state", snapshot.state());
		if (!snapshot.enabled()) {
			builder.withDetail("enabled", false);
		}
		if (snapshot.stalled()) {
			builder.withDetail("stalled", "round running since " + snapshot.lastRoundStart()
					+ ", longer than stall-after " + Durations.format(this.worker.settings().stallAfter()));
		}
		if (snapshot.pauseReason() != null) {
			builder.withDetail("pauseReason", snapshot.pauseReason());
		}
		builder.withDetail("rounds", snapshot.rounds())
			.withDetail("failures", snapshot.failures())
			.withDetail("consecutiveFailures", snapshot.consecutiveFailures());
		if (snapshot.lastSuccess() != null) {
			builder.withDetail("lastSuccess", snapshot.lastSuccess().toString());
		}
		if (snapshot.lastError() != null) {
			builder.withDetail("lastError", snapshot.lastError().type() + ": " + snapshot.lastError().message());
		}
		if (snapshot.nextRun() != null) {
			builder.withDetail("nextRun", snapshot.nextRun().toString());
		}
	}

	static Status status(WorkerSnapshot snapshot, int failureThreshold) {
		if (!snapshot.enabled()) {
			return Status.UP;
		}
		return switch (snapshot.state()) {
			case FAILED -> Status.DOWN;
			case NEW -> Status.UNKNOWN;
			case STOPPING, STOPPED -> Status.OUT_OF_SERVICE;
			case RUNNING ->
				(snapshot.stalled() || snapshot.consecutiveFailures() >= failureThreshold) ? Status.DOWN : Status.UP;
			// Paused by an operator: UP. Paused by its own failure (rejected
			// credentials): DOWN until resumed.
			case PAUSED -> (snapshot.stalled() || snapshot.pausedOnError()) ? Status.DOWN : Status.UP;
		};
	}

}
