package dev.longhaul.worker;

import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;

/**
 * The {@code workers} health contributor: one {@link WorkerHealthIndicator} per worker.
 */
final class WorkersHealthContributor implements CompositeHealthContributor {

	private final WorkerRegistry registry;

	WorkersHealthContributor(WorkerRegistry registry) {
		this.registry = registry;
	}

	@Override
	public @Nullable HealthContributor getContributor(String name) {
		return this.registry.find(name).map(WorkerHealthIndicator::new).orElse(null);
	}

	@Override
	public Stream<Entry> stream() {
		return this.registry.all()
			.stream()
			.map((worker) -> new Entry(worker.name(), new WorkerHealthIndicator(worker)));
	}

}
