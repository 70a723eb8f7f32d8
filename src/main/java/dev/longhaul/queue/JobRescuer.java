package dev.longhaul.queue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;

import dev.longhaul.config.InstanceId;
import dev.longhaul.worker.PeriodicTask;
import dev.longhaul.worker.StopToken;

import static dev.longhaul.config.SqlTime.at;
import static dev.longhaul.queue.JobSql.DEAD;
import static dev.longhaul.queue.JobSql.READY;
import static dev.longhaul.queue.JobSql.RUNNING;

/**
 * Returns the running jobs of runs that ended without finishing them, counting the lost
 * try as an attempt (a job out of attempts is {@link JobStatus#DEAD}): the tick of the
 * {@code lease-recovery} worker, a cluster singleton.
 * <ul>
 * <li>Jobs of an instance whose heartbeat is older than the instance timeout (it crashed,
 * or lost the database): within that timeout plus one tick. Only judged once this
 * instance has itself reached the database for a whole timeout, so that after an outage
 * of the database no live instance is taken for dead.</li>
 * <li>Jobs whose lease ran out: the cap for a holder that lives but froze (a run past its
 * timeout whose thread ignores the interrupt, a long pause).</li>
 * <li>On H2, when an instance starts, every running job of an earlier process: H2 is
 * embedded, so the only instances that may hold its jobs live in this JVM.</li>
 * </ul>
 * A holder whose job was returned has lost its lease: its late acknowledgement changes
 * nothing.
 */
final class JobRescuer implements PeriodicTask {

	private static final Logger logger = LoggerFactory.getLogger(JobRescuer.class);

	/** The instances that live in this JVM; on H2 no other may hold a job. */
	private static final Set<String> LOCAL_INSTANCES = ConcurrentHashMap.newKeySet();

	private static final String RETURN = "status = CASE WHEN attempts + 1 >= max_attempts THEN " + DEAD + " ELSE "
			+ READY + " END, "
			+ "finished_at = CASE WHEN attempts + 1 >= max_attempts THEN ? ELSE NULL END, attempts = attempts + 1, "
			+ "run_at = ?, updated_at = ?, ";

	private final JdbcClient jdbc;

	private final Clock clock;

	private final InstanceId instance;

	private final JobDatabase database;

	private final JobSignals signals;

	private final Supplier<@Nullable Instant> reachableSince;

	private final Duration instanceTimeout;

	/**
	 * Creates the rescuer.
	 * @param jdbc the database
	 * @param clock the clock
	 * @param instance this instance
	 * @param database which database it is
	 * @param signals wakes this instance's executors when jobs come back
	 * @param reachableSince since when this instance has reached the database without a
	 * failure
	 * @param instanceTimeout {@code longhaul.cluster.instance-timeout}
	 */
	JobRescuer(JdbcClient jdbc, Clock clock, InstanceId instance, JobDatabase database, JobSignals signals,
			Supplier<@Nullable Instant> reachableSince, Duration instanceTimeout) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.instance = instance;
		this.database = database;
		this.signals = signals;
		this.reachableSince = reachableSince;
		this.instanceTimeout = instanceTimeout;
	}

	/** On H2, returns the running jobs of earlier processes before the first tick. */
	@Override
	public void onStart() {
		LOCAL_INSTANCES.add(this.instance.value());
		if (this.database == JobDatabase.H2) {
			recoverAtStartup();
		}
	}

	@Override
	public void tick(StopToken stopToken) {
		rescueDeadInstances();
		rescueExpiredLeases();
	}

	@Override
	public void onStop() {
		LOCAL_INSTANCES.remove(this.instance.value());
	}

	/**
	 * Returns the running jobs of instances whose heartbeat is older than the instance
	 * timeout, once this instance has reached the database for that long.
	 * @return how many jobs came back or died
	 */
	int rescueDeadInstances() {
		Instant now = this.clock.instant();
		Instant reachable = this.reachableSince.get();
		if (reachable == null || reachable.plus(this.instanceTimeout).isAfter(now)) {
			return 0;
		}
		return rescued(this.jdbc.sql("UPDATE jobs SET " + RETURN
				+ "last_error = 'Instance ' || lease_owner || ' stopped sending " + "heartbeats', " + JobSql.CLEAR_LEASE
				+ " WHERE status = " + RUNNING + " AND lease_owner <> ? "
				+ "AND NOT EXISTS (SELECT 1 FROM instances i WHERE i.id = jobs.lease_owner AND i.heartbeat_at >= ?)")
			.params(at(now), at(now), at(now), this.instance.value(), at(now.minus(this.instanceTimeout)))
			.update(), "whose instance stopped sending heartbeats");
	}

	/**
	 * Returns the running jobs whose lease ran out.
	 * @return how many jobs came back or died
	 */
	int rescueExpiredLeases() {
		Instant now = this.clock.instant();
		return rescued(this.jdbc
			.sql("UPDATE jobs SET " + RETURN + "last_error = 'Lease of instance ' || lease_owner || ' expired', "
					+ JobSql.CLEAR_LEASE + " WHERE status = " + RUNNING + " AND lease_until < ?")
			.params(at(now), at(now), at(now), at(now))
			.update(), "whose lease expired");
	}

	/**
	 * On H2: returns every running job that no instance of this JVM holds.
	 * @return how many jobs came back or died
	 */
	int recoverAtStartup() {
		Instant now = this.clock.instant();
		List<Object> params = new ArrayList<>(List.of(at(now), at(now), at(now)));
		List<String> local = List.copyOf(LOCAL_INSTANCES);
		params.addAll(local);
		return rescued(this.jdbc
			.sql("UPDATE jobs SET " + RETURN + "last_error = 'Instance ' || lease_owner || ' ended without "
					+ "finishing it', " + JobSql.CLEAR_LEASE + " WHERE status = " + RUNNING
					+ " AND lease_owner NOT IN (" + JobSql.placeholders(local.size()) + ")")
			.params(params)
			.update(), "left running by an earlier process");
	}

	private int rescued(int count, String which) {
		if (count > 0) {
			logger.warn("Returned {} running job(s) {} to their queue (a try counted)", count, which);
			this.signals.signalAll();
			if (this.database == JobDatabase.POSTGRESQL) {
				this.signals.queues()
					.forEach((queue) -> this.jdbc.sql("SELECT pg_notify('" + PostgresWakeUps.CHANNEL + "', ?)")
						.param(queue)
						.query((rs) -> {
						}));
			}
		}
		return count;
	}

}
