package dev.longhaul.worker;

import java.util.List;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The {@code criticalWorkers} indicator for the liveness group: DOWN when a worker marked
 * {@code critical} is FAILED or stalled, the states a restart of the process can cure.
 * Failed rounds alone (a database or SMTP outage) never take liveness down, or an outage
 * would make the platform restart every instance at once.
 */
final class CriticalWorkersHealthIndicator extends AbstractHealthIndicator {

	private final WorkerRegistry registry;

	CriticalWorkersHealthIndicator(WorkerRegistry registry) {
		super("Liveness check of critical workers failed");
		this.registry = registry;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		List<String> critical = this.registry.all()
			.stream()
			.filter((worker) -> worker.settings().critical() && worker.settings().enabled())
			.map(Worker::name)
			.toList();
		List<String> broken = this.registry.all()
			.stream()
			.filter((worker) -> critical.contains(worker.name()))
			.map(Worker::snapshot)
			.filter((snapshot) -> snapshot.state() == WorkerState.FAILED || snapshot.stalled())
			.map((snapshot) -> snapshot.name() + " (" + (snapshot.stalled() ? "stalled" : "FAILED") + ")")
			.toList();
		(broken.isEmpty() ? builder.up() : builder.down()).withDetail("critical", critical);
		if (!broken.isEmpty()) {
			builder.withDetail("broken", broken);
		}
	}

}
