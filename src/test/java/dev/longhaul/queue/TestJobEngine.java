package dev.longhaul.queue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import javax.sql.DataSource;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.longhaul.config.InstanceId;
import dev.longhaul.queue.Job.Lease;
import dev.longhaul.worker.LoopTask;
import dev.longhaul.worker.LoopWorker;
import dev.longhaul.worker.WorkerFactory;
import dev.longhaul.worker.WorkerObserver;
import dev.longhaul.worker.WorkerSettings;
import dev.longhaul.worker.WorkersProperties;

/**
 * The job engine's parts on a data source, outside Spring, as one instance wires them:
 * for tests of the queue and of job handlers. The completer is not started, so every
 * acknowledgement is written at once; {@link #inlineExecutor} runs the jobs it claims on
 * the calling thread.
 */
public final class TestJobEngine {

	private final DataSource dataSource;

	private final Clock clock;

	private final InstanceId instance;

	private final QueueProperties properties;

	private final JobSignals signals = new JobSignals();

	private final JobTypes types;

	private final JsonMapper json = JsonMapper.builder().build();

	private final JobDatabase database;

	private final JobClient client;

	private final JobQueries queries;

	private final JobClaimer claimer;

	private final JobLeases leases;

	private final JobThroughput throughput;

	private final JobCompleter completer;

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	public TestJobEngine(DataSource dataSource, Clock clock, String instance, QueueProperties properties,
			JobHandler<?>... handlers) {
		this.dataSource = dataSource;
		this.clock = clock;
		this.instance = new InstanceId(instance);
		this.properties = properties;
		this.types = JobTypes.of(properties, handlers);
		JdbcClient jdbc = JdbcClient.create(dataSource);
		TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
		this.database = JobDatabase.of(dataSource, jdbc);
		this.client = new JobClient(jdbc, transactions, clock, this.database, this.signals, this.types, this.json,
				properties);
		this.queries = new JobQueries(jdbc, clock);
		this.claimer = new JobClaimer(jdbc, transactions, clock, this.instance, properties, this.database);
		this.leases = new JobLeases(new JdbcTemplate(dataSource), clock, this.instance, properties, this.database);
		this.throughput = new JobThroughput(clock);
		this.completer = new JobCompleter(this.leases, this.throughput, properties.completion().settings(), () -> true);
	}

	/**
	 * The same engine as another instance on the same database.
	 * @param instance its id
	 * @return the engine
	 */
	public TestJobEngine as(String instance) {
		return new TestJobEngine(this.dataSource, this.clock, instance, this.properties,
				this.types.all().stream().map(JobType::handler).toArray(JobHandler<?>[]::new));
	}

	public JobClient client() {
		return this.client;
	}

	public JobQueries queries() {
		return this.queries;
	}

	public JobSignals signals() {
		return this.signals;
	}

	public JobThroughput throughput() {
		return this.throughput;
	}

	public SimpleMeterRegistry meters() {
		return this.meters;
	}

	/**
	 * Claims jobs as this instance's executor would.
	 * @param queue the queue
	 * @param limit the most jobs
	 * @return the claimed jobs
	 */
	public List<Job> claim(String queue, int limit) {
		return this.claimer.claim(queue, limit);
	}

	/**
	 * An executor of the queue that runs the jobs it claims on the thread that runs its
	 * round, writing each outcome before the next.
	 * @param queue the queue
	 * @return the executor, a loop worker's task
	 */
	public LoopTask inlineExecutor(String queue) {
		return JobExecutor.inline(queue, this.types.ofQueue(queue), this.claimer, this.leases, this.completer,
				this.json, this.clock, new JobMetrics(this.meters), this.properties.leaseDuration(),
				JobObservations.NONE);
	}

	/**
	 * An inline executor whose acknowledgements are never written, as when its instance
	 * dies before its completer writes them: its jobs stay {@code RUNNING}.
	 * @param queue the queue
	 * @return the executor
	 */
	public LoopTask unacknowledgedExecutor(String queue) {
		JobCompleter dying = completer(
				new JobCompleter.Settings(JobCompleter.MAX_GROUP, Duration.ofHours(1), 10_000, Duration.ofMillis(1)));
		dying.start();
		return JobExecutor.inline(queue, this.types.ofQueue(queue), this.claimer, this.leases, dying, this.json,
				this.clock, new JobMetrics(this.meters), this.properties.leaseDuration(), JobObservations.NONE);
	}

	/**
	 * Starts the executor of a queue on its threads, run by a loop worker and
	 * acknowledged through a started completer, as the application runs it.
	 * @param queue the queue
	 * @param idleDelay the worker's idle delay
	 * @return the running executor; close it to stop worker and completer
	 */
	public Running start(String queue, Duration idleDelay) {
		JobCompleter completer = completer(this.properties.completion().settings());
		completer.start();
		JobExecutor executor = executor(queue, completer);
		LoopWorker worker = new WorkerFactory(new WorkersProperties(Map.of()), this.clock, WorkerObserver.NONE,
				(reason) -> {
				})
			.loop(queue + "-worker", WorkerSettings.loop(idleDelay), executor);
		executor.wakeWith(worker::wake);
		this.signals.onWork(queue, worker::wake);
		worker.start();
		return new Running(worker, completer);
	}

	/**
	 * An executor running on its threads.
	 *
	 * @param worker its loop worker
	 * @param completer its completer
	 */
	public record Running(LoopWorker worker, JobCompleter completer) implements AutoCloseable {

		@Override
		public void close() {
			this.worker.stop();
			this.completer.stop();
		}

	}

	/**
	 * The executor of a queue with its threads, as the application runs it.
	 * @param queue the queue
	 * @param completer the completer its acknowledgements go through
	 * @return the executor
	 */
	JobExecutor executor(String queue, JobCompleter completer) {
		return new JobExecutor(queue, queue + "-worker", this.types.ofQueue(queue), this.claimer, this.leases,
				completer, this.json, this.clock, new JobMetrics(this.meters), this.properties.leaseDuration(),
				JobObservations.NONE);
	}

	JobLeases leases() {
		return this.leases;
	}

	JobCompleter completer(JobCompleter.Settings settings) {
		JdbcClient jdbc = JdbcClient.create(this.dataSource);
		return new JobCompleter(this.leases, this.throughput, settings, () -> {
			try {
				return jdbc.sql("SELECT 1").query(Integer.class).single() == 1;
			}
			catch (RuntimeException ex) {
				return false;
			}
		});
	}

	/**
	 * The rescuer of this instance.
	 * @param reachableSince since when this instance has reached the database
	 * @param instanceTimeout the instance timeout
	 * @return the rescuer
	 */
	JobRescuer rescuer(Supplier<@Nullable Instant> reachableSince, Duration instanceTimeout) {
		return new JobRescuer(JdbcClient.create(this.dataSource), this.clock, this.instance, this.database,
				this.signals, reachableSince, instanceTimeout);
	}

	/**
	 * Returns jobs whose lease ran out, as the rescuer does.
	 * @return how many
	 */
	public int rescueExpiredLeases() {
		return rescuer(() -> null, Duration.ofSeconds(30)).rescueExpiredLeases();
	}

	/**
	 * Writes an acknowledgement at once.
	 * @return whether it applied
	 */
	boolean write(Acknowledgement acknowledgement) {
		java.util.concurrent.atomic.AtomicReference<JobCompleter.Result> result = new java.util.concurrent.atomic.AtomicReference<>();
		try {
			this.completer.submit(acknowledgement, result::set);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		return result.get() == JobCompleter.Result.APPLIED;
	}

	/** Marks a claimed job done, as the completer does. */
	public boolean complete(Lease lease, @Nullable String result) {
		return write(new Acknowledgement.Succeeded(lease, result));
	}

	/** Fails a claimed job for good, as the completer does. */
	public boolean fail(Job job, String reason) {
		return write(new Acknowledgement.Died(job.lease(), job.attempts() + 1, reason));
	}

}
