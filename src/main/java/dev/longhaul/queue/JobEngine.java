package dev.longhaul.queue;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.config.SingletonBeanRegistry;

import dev.longhaul.worker.LoopWorker;
import dev.longhaul.worker.WorkerFactory;
import dev.longhaul.worker.WorkerSettings;

/**
 * Builds one executor per queue of the registered job types, each run by a loop worker
 * made with the {@link WorkerFactory} (so that {@code longhaul.workers.<name>.*}, pause,
 * resume, trigger, health and metrics apply), and registers those workers as singletons
 * of the application context, which starts and stops them with the other workers.
 */
public final class JobEngine {

	/**
	 * How long an executor waits for new work before it looks anyway (retries fall due).
	 */
	static final Duration IDLE_DELAY = Duration.ofSeconds(10);

	private final Map<String, LoopWorker> workers = new LinkedHashMap<>();

	JobEngine(JobTypes types, WorkerFactory factory, JobClaimer claimer, JobLeases leases, JobCompleter completer,
			JsonMapper json, Clock clock, JobMetrics metrics, QueueProperties properties, JobSignals signals,
			QueueMetrics queueMetrics, JobObservations observations, SingletonBeanRegistry registry) {
		Duration extendEvery = properties.leaseDuration().dividedBy(3);
		for (String queue : types.queues()) {
			List<JobType<?>> ofQueue = types.ofQueue(queue);
			String name = ofQueue.get(0).settings().worker();
			JobExecutor executor = new JobExecutor(queue, name, ofQueue, claimer, leases, completer, json, clock,
					metrics, properties.leaseDuration(), observations);
			LoopWorker worker = factory.loop(name, WorkerSettings.loop(IDLE_DELAY), executor);
			if (worker.settings().idleDelay().compareTo(extendEvery) > 0) {
				throw new InvalidJobConfigurationException(
						"Worker '" + name + "' of queue '" + queue + "' has idle-delay " + worker.settings().idleDelay()
								+ ", longer than a third of " + "longhaul.queue.lease-duration ("
								+ properties.leaseDuration() + "): the leases of the "
								+ "jobs it holds could run out between two of its rounds.",
						"Lower longhaul.workers." + name + ".idle-delay or raise longhaul.queue.lease-duration.");
			}
			executor.wakeWith(worker::wake);
			signals.onWork(queue, worker::wake);
			queueMetrics.monitor(queue);
			metrics.held(queue, executor, JobExecutor::held);
			registry.registerSingleton("jobWorker." + queue, worker);
			this.workers.put(queue, worker);
		}
	}

	/**
	 * The worker that runs a queue's executor on this instance.
	 * @param queue the queue
	 * @return its worker, if a registered type uses the queue
	 */
	public Optional<LoopWorker> worker(String queue) {
		return Optional.ofNullable(this.workers.get(queue));
	}

}
