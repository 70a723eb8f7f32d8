package dev.longhaul.cluster;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.longhaul.config.InstanceId;
import dev.longhaul.worker.PeriodicTask;

import static dev.longhaul.config.SqlTime.at;

/**
 * Leases that let exactly one instance at a time run a cluster-singleton worker
 * (housekeeping such as lease recovery). A guarded tick runs only while this instance
 * holds the singleton's lease row; the lease is taken, or renewed, at each tick and by
 * every heartbeat, and another instance takes it over once it expires (the holder
 * crashed) or at once when the holder stops gracefully and releases it.
 * <p>
 * Guarantee: at most one holder at any time, as long as the instances' clocks agree to
 * within a small fraction of the lease (lease expiry is judged by the clock of the
 * instance that takes over) and a holder is not frozen (a GC pause) for longer than the
 * lease in the middle of a tick.
 */
public final class SingletonLeases {

	private static final Logger logger = LoggerFactory.getLogger(SingletonLeases.class);

	private final JdbcClient jdbc;

	private final Clock clock;

	private final InstanceId instance;

	private final Duration lease;

	private final Map<String, Boolean> held = new ConcurrentHashMap<>();

	public SingletonLeases(JdbcClient jdbc, Clock clock, InstanceId instance, Duration lease) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.instance = instance;
		this.lease = lease;
	}

	/**
	 * Takes or renews the lease of a singleton.
	 * @param name the singleton, such as a worker's name
	 * @return {@code true} if this instance holds it now
	 */
	public boolean tryAcquire(String name) {
		Instant now = this.clock.instant();
		String me = this.instance.value();
		int updated = this.jdbc
			.sql("UPDATE singleton_leases SET acquired_at = CASE WHEN owner = ? THEN acquired_at ELSE ? END, "
					+ "owner = ?, expires_at = ? WHERE name = ? AND (owner = ? OR expires_at < ?)")
			.params(me, at(now), me, at(now.plus(this.lease)), name, me, at(now))
			.update();
		boolean holds = updated == 1 || insert(name, me, now);
		Boolean before = this.held.put(name, holds);
		if (holds && !Boolean.TRUE.equals(before)) {
			logger.info("Instance {} now runs cluster singleton '{}'", me, name);
		}
		else if (!holds && Boolean.TRUE.equals(before)) {
			logger.warn("Instance {} lost cluster singleton '{}' to another instance", me, name);
		}
		return holds;
	}

	private boolean insert(String name, String me, Instant now) {
		try {
			return this.jdbc
				.sql("INSERT INTO singleton_leases (name, owner, acquired_at, expires_at) VALUES (?, ?, ?, ?)")
				.params(name, me, at(now), at(now.plus(this.lease)))
				.update() == 1;
		}
		catch (DuplicateKeyException ex) {
			return false;
		}
	}

	/**
	 * Renews every lease this instance holds; called by the heartbeat, so a singleton
	 * whose ticks are far apart keeps its lease between them.
	 */
	void renewAll() {
		Instant now = this.clock.instant();
		this.jdbc.sql("UPDATE singleton_leases SET expires_at = ? WHERE owner = ? AND expires_at >= ?")
			.params(at(now.plus(this.lease)), this.instance.value(), at(now))
			.update();
	}

	/**
	 * Gives up every lease this instance holds, so that another instance takes over at
	 * once.
	 */
	void releaseAll() {
		int released = this.jdbc.sql("DELETE FROM singleton_leases WHERE owner = ?")
			.param(this.instance.value())
			.update();
		this.held.clear();
		if (released > 0) {
			logger.info("Instance {} released {} cluster singleton lease(s)", this.instance.value(), released);
		}
	}

	/**
	 * Wraps a timer task so that it ticks only on the instance that holds the singleton's
	 * lease; on the others each tick only checks the lease.
	 * @param name the singleton's name
	 * @param task the task
	 * @return the guarded task
	 */
	public PeriodicTask guard(String name, PeriodicTask task) {
		return new PeriodicTask() {

			@Override
			public void onStart() throws Exception {
				task.onStart();
			}

			@Override
			public void tick(dev.longhaul.worker.StopToken stopToken) throws Exception {
				if (tryAcquire(name)) {
					task.tick(stopToken);
				}
			}

			@Override
			public void onStop() throws Exception {
				task.onStop();
			}

		};
	}

}
