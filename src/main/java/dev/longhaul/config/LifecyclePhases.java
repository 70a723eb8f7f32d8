package dev.longhaul.config;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.ExecutorConfigurationSupport;

/**
 * Every lifecycle phase of the application, and why each bean stops where it does.
 *
 * <p>
 * On {@code SIGTERM} or {@code close()}, Spring stops the {@link SmartLifecycle} beans
 * phase by phase, the highest first, waiting at most
 * {@code spring.lifecycle.timeout-per-shutdown-phase} per phase; the beans of one phase
 * stop concurrently. Start-up runs the other way, the lowest first. Once every phase has
 * stopped, singletons are destroyed, the {@code DataSource} last, so that what the phases
 * write reaches the database. The order, first to stop first:
 * <ol>
 * <li>{@link #WEB_SERVER_GRACEFUL_SHUTDOWN}: Boot's web server drains the requests in
 * flight;</li>
 * <li>{@link #WEB_SERVER}: Boot's web server stops;</li>
 * <li>{@link #WORKERS}: every worker, the job executors among them;</li>
 * <li>{@link #JOB_COMPLETER} and {@link #WORKER_SUMMARY}: the acknowledgements left are
 * written, and the workers' stop is logged;</li>
 * <li>{@link #CLUSTER_MEMBERSHIP}: the instance leaves the cluster;</li>
 * <li>{@link #POSTGRES_WAKE_UPS}: the {@code LISTEN} connection goes back to the
 * pool;</li>
 * <li>{@link #EXECUTORS}: Spring's executors and schedulers.</li>
 * </ol>
 * The first two and the last are Spring's, named here to place the application's between
 * them.
 */
public final class LifecyclePhases {

	/**
	 * Boot's web server stops accepting requests and drains those in flight
	 * ({@code DEFAULT_PHASE - 1024}): before anything a request may need stops.
	 */
	public static final int WEB_SERVER_GRACEFUL_SHUTDOWN = WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE;

	/** Boot's web server stops ({@code DEFAULT_PHASE - 2048}), once drained. */
	public static final int WEB_SERVER = WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE;

	/**
	 * Every worker, job executors included ({@code DEFAULT_PHASE - 4096}): after the web
	 * server, so that requests in flight still find the workers they enqueue for or
	 * control; before everything the workers use (the job completer, the cluster
	 * membership that guards singletons, Spring's executors, the {@code DataSource}).
	 * Started last of the application's, once all of those run, and before the web server
	 * takes requests. Workers stop concurrently, so this phase lasts as long as the
	 * slowest worker's {@code shutdown-timeout} plus its interrupt grace.
	 */
	public static final int WORKERS = SmartLifecycle.DEFAULT_PHASE - 4096;

	/**
	 * The job completer writes the acknowledgements left once the executors have stopped
	 * (trying for {@code longhaul.queue.completion.stop-timeout} if the database is
	 * away): after the workers, whose last runs it acknowledges; started before them, so
	 * that their first acknowledgement has a writer.
	 */
	public static final int JOB_COMPLETER = WORKERS - 1;

	/**
	 * The worker registry logs one line on how each worker stopped: after the workers, so
	 * that every stop is over. Beside the job completer; neither waits for the other.
	 */
	public static final int WORKER_SUMMARY = WORKERS - 1;

	/**
	 * The instance leaves the cluster: it deletes its heartbeat row and releases its
	 * singleton leases, so another instance takes the singletons over at once. After the
	 * workers and the completer, so no singleton runs here once another instance may have
	 * taken it, and no job of this instance is still being acknowledged when other
	 * instances stop seeing it alive. Joined before the workers start, for the same
	 * reasons.
	 */
	public static final int CLUSTER_MEMBERSHIP = WORKERS - 2;

	/**
	 * On PostgreSQL, the connection that {@code LISTEN}s for other instances' enqueues
	 * goes back to the pool: it is needed while any executor may claim, so it starts
	 * first of the application's and stops last, still before the {@code DataSource}
	 * closes.
	 */
	public static final int POSTGRES_WAKE_UPS = WORKERS - 3;

	/**
	 * Spring's executors and schedulers ({@code Integer.MAX_VALUE / 2}): they reject new
	 * tasks once the context starts closing and stop after every phase above, so no
	 * worker relies on them in its stop.
	 */
	public static final int EXECUTORS = ExecutorConfigurationSupport.DEFAULT_PHASE;

	private LifecyclePhases() {
	}

}
