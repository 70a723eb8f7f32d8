package dev.longhaul.worker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.SmartLifecycle;

import dev.longhaul.config.LifecyclePhases;

/**
 * Knows every worker of the application: checks at start-up that their configuration and
 * shutdown timeouts fit, and logs one summary line once they have all stopped.
 * <p>
 * Workers stop concurrently, all in {@link LifecyclePhases#WORKERS}, so the phase lasts
 * as long as the slowest worker: each worker's {@code shutdown-timeout} plus
 * {@link Worker#INTERRUPT_GRACE} must fit
 * {@code spring.lifecycle.timeout-per-shutdown-phase}, or Spring would give up on the
 * worker before it interrupts its round.
 */
public final class WorkerRegistry implements SmartInitializingSingleton, SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(WorkerRegistry.class);

	private final ObjectProvider<Worker> candidates;

	private final WorkersProperties properties;

	private final Duration shutdownPhaseTimeout;

	private final WorkerObserverBinder binder;

	private final java.util.function.Supplier<Set<String>> factoryConfigNames;

	private volatile Map<String, Worker> workers = Map.of();

	private volatile boolean running;

	/**
	 * Creates the registry.
	 * @param candidates the worker beans
	 * @param properties the worker configuration, checked against the workers that exist
	 * @param shutdownPhaseTimeout {@code spring.lifecycle.timeout-per-shutdown-phase}
	 * @param binder called once per worker, to bind its gauges
	 * @param factoryConfigNames the configuration names the worker factory read (several
	 * workers may share one)
	 */
	public WorkerRegistry(ObjectProvider<Worker> candidates, WorkersProperties properties,
			Duration shutdownPhaseTimeout, WorkerObserverBinder binder,
			java.util.function.Supplier<Set<String>> factoryConfigNames) {
		this.factoryConfigNames = factoryConfigNames;
		this.candidates = candidates;
		this.properties = properties;
		this.shutdownPhaseTimeout = shutdownPhaseTimeout;
		this.binder = binder;
	}

	@Override
	public void afterSingletonsInstantiated() {
		Map<String, Worker> workers = new LinkedHashMap<>();
		this.candidates.orderedStream().forEach((worker) -> {
			Worker previous = workers.putIfAbsent(worker.name(), worker);
			if (previous != null) {
				throw new InvalidWorkerConfigurationException(
						"Two workers are named '" + worker.name() + "'; names must be unique.",
						"Rename one of the workers.");
			}
		});
		Set<String> configNames = new java.util.HashSet<>(workers.keySet());
		configNames.addAll(this.factoryConfigNames.get());
		checkConfiguredNames(configNames);
		checkShutdownBudget(workers.values());
		workers.values().forEach(this.binder::bind);
		this.workers = Map.copyOf(workers);
	}

	private void checkConfiguredNames(Set<String> names) {
		Set<String> unknown = new TreeSet<>(this.properties.workers().keySet());
		unknown.removeAll(names);
		if (!unknown.isEmpty()) {
			throw new InvalidWorkerConfigurationException(
					"Configuration names worker(s) " + unknown
							+ " under longhaul.workers, but no worker has that name. " + "Workers: "
							+ new TreeSet<>(names) + ".",
					"Fix the name (a typo would silently keep the defaults) or remove the properties.");
		}
	}

	private void checkShutdownBudget(Collection<Worker> workers) {
		for (Worker worker : workers) {
			Duration needed = worker.settings().shutdownTimeout().plus(Worker.INTERRUPT_GRACE);
			if (worker.settings().enabled() && needed.compareTo(this.shutdownPhaseTimeout) > 0) {
				throw new InvalidWorkerConfigurationException("Worker '" + worker.name() + "' has shutdown-timeout "
						+ Durations.format(worker.settings().shutdownTimeout()) + "; with the "
						+ Durations.format(Worker.INTERRUPT_GRACE) + " grace after interrupting its round it needs "
						+ Durations.format(needed) + ", more than spring.lifecycle.timeout-per-shutdown-phase ("
						+ Durations.format(this.shutdownPhaseTimeout)
						+ "): Spring would stop waiting before the worker's round finished or was interrupted.",
						"Lower longhaul.workers." + worker.name()
								+ ".shutdown-timeout, or raise spring.lifecycle.timeout-per-shutdown-phase "
								+ "(and keep it within your platform's grace period, 30s on Kubernetes by default).");
			}
		}
	}

	/**
	 * All workers, by name.
	 * @return the workers, sorted by name
	 */
	public Collection<Worker> all() {
		return this.workers.values().stream().sorted((a, b) -> a.name().compareTo(b.name())).toList();
	}

	/**
	 * The worker with the given name.
	 * @param name its name
	 * @return the worker, if there is one
	 */
	public Optional<Worker> find(String name) {
		return Optional.ofNullable(this.workers.get(name));
	}

	// Stops right after the workers, to log how their stop went.

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		List<String> times = new ArrayList<>();
		List<String> failed = new ArrayList<>();
		List<String> interrupted = new ArrayList<>();
		for (Worker worker : all()) {
			Duration took = worker.lastStopDuration();
			if (took != null) {
				times.add(worker.name() + " " + took.toMillis() + " ms");
				if (worker.wasInterruptedAtStop()) {
					interrupted.add(worker.name());
				}
			}
			else if (worker.state() == WorkerState.FAILED) {
				failed.add(worker.name());
			}
		}
		if (!times.isEmpty() || !failed.isEmpty()) {
			logger.info("Workers stopped: {}; failed before shutdown: {}; interrupted: {}",
					times.isEmpty() ? "none" : String.join(", ", times),
					failed.isEmpty() ? "none" : String.join(", ", failed),
					interrupted.isEmpty() ? "none" : String.join(", ", interrupted));
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** {@link LifecyclePhases#WORKER_SUMMARY}: right after the workers. */
	@Override
	public int getPhase() {
		return LifecyclePhases.WORKER_SUMMARY;
	}

	/**
	 * Binds per-worker resources (such as gauges) once the workers are known.
	 */
	@FunctionalInterface
	public interface WorkerObserverBinder {

		void bind(Worker worker);

	}

}
