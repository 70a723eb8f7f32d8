package dev.longhaul.cluster;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.longhaul.config.InstanceId;
import dev.longhaul.config.LifecyclePhases;

import static dev.longhaul.config.SqlTime.at;
import static dev.longhaul.config.SqlTime.instant;

/**
 * This instance's membership of the cluster: it records a heartbeat (and renews its
 * singleton leases) every {@code longhaul.cluster.heartbeat-interval}, publishing its
 * recent throughput in the same row update, and when it stops gracefully, after its
 * workers, it removes itself and releases its singleton leases so that another instance
 * takes over at once.
 */
public final class ClusterMembership implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(ClusterMembership.class);

	private final JdbcClient jdbc;

	private final Clock clock;

	private final InstanceId instance;

	private final SingletonLeases singletons;

	private final ClusterProperties properties;

	private final ThroughputSource throughput;

	private final Instant startedAt;

	private volatile boolean warnedTooLong;

	private volatile boolean running;

	private volatile @Nullable Instant reachableSince;

	public ClusterMembership(JdbcClient jdbc, Clock clock, InstanceId instance, SingletonLeases singletons,
			ClusterProperties properties) {
		this(jdbc, clock, instance, singletons, properties, ThroughputSource.NONE);
	}

	/**
	 * A membership that publishes the given throughput with each heartbeat.
	 * @param jdbc the database
	 * @param clock the clock heartbeats are stamped with
	 * @param instance this instance
	 * @param singletons its singleton leases, renewed by each heartbeat
	 * @param properties the cluster settings
	 * @param throughput what this instance publishes with each heartbeat
	 */
	public ClusterMembership(JdbcClient jdbc, Clock clock, InstanceId instance, SingletonLeases singletons,
			ClusterProperties properties, ThroughputSource throughput) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.instance = instance;
		this.singletons = singletons;
		this.properties = properties;
		this.throughput = throughput;
		this.startedAt = clock.instant();
	}

	/**
	 * Records that this instance is alive, and renews its singleton leases.
	 * @throws DataAccessException if the database cannot be reached
	 */
	public void heartbeat() {
		try {
			beat();
		}
		catch (RuntimeException ex) {
			this.reachableSince = null;
			throw ex;
		}
	}

	/**
	 * Since when this instance's heartbeats have succeeded without a failure in between:
	 * another instance whose heartbeat is older than the instance timeout can be judged
	 * dead only once this instance itself has reached the database for that long (after
	 * an outage of the database, every instance's heartbeat is old at first).
	 * @return the time of the first heartbeat after the last failure, or {@code null}
	 * while heartbeats fail
	 */
	public @Nullable Instant reachableSince() {
		return this.reachableSince;
	}

	/**
	 * How long an instance may go without a heartbeat before it counts as gone.
	 * @return {@code longhaul.cluster.instance-timeout}
	 */
	public java.time.Duration instanceTimeout() {
		return this.properties.instanceTimeout();
	}

	private void beat() {
		Instant now = this.clock.instant();
		@Nullable String throughput = publishedThroughput();
		int updated = this.jdbc.sql("UPDATE instances SET heartbeat_at = ?, throughput = ? WHERE id = ?")
			.params(at(now), throughput, this.instance.value())
			.update();
		if (updated == 0) {
			try {
				this.jdbc
					.sql("INSERT INTO instances (id, host, started_at, heartbeat_at, throughput) "
							+ "VALUES (?, ?, ?, ?, ?)")
					.params(this.instance.value(), InstanceId.localHostName(), at(this.startedAt), at(now), throughput)
					.update();
			}
			catch (DuplicateKeyException ex) {
				// a concurrent heartbeat of this instance inserted it
			}
		}
		this.singletons.renewAll();
		if (this.reachableSince == null) {
			this.reachableSince = now;
		}
	}

	private @Nullable String publishedThroughput() {
		String text = this.throughput.recent();
		if (text != null && text.length() > ThroughputSource.MAX_LENGTH) {
			if (!this.warnedTooLong) {
				this.warnedTooLong = true;
				logger.warn("Instance {} publishes no throughput: {} characters, more than the {} its row holds",
						this.instance.value(), text.length(), ThroughputSource.MAX_LENGTH);
			}
			return null;
		}
		return text;
	}

	/**
	 * The throughput each live instance (heartbeat within
	 * {@code longhaul.cluster.instance-timeout}) published with its last heartbeat, this
	 * one included: one read of the {@code instances} rows, nothing else.
	 * @return the published texts by instance id; an instance that published none is left
	 * out
	 */
	public Map<String, String> throughputs() {
		Instant since = this.clock.instant().minus(this.properties.instanceTimeout());
		Map<String, String> published = new LinkedHashMap<>();
		this.jdbc.sql("SELECT id, throughput FROM instances WHERE heartbeat_at >= ? ORDER BY id")
			.param(at(since))
			.query((rs) -> {
				String text = rs.getString("throughput");
				if (text != null) {
					published.put(rs.getString("id"), text);
				}
			});
		return published;
	}

	/**
	 * The live instances (heartbeat within {@code longhaul.cluster.instance-timeout}) and
	 * the singletons each holds.
	 * @return the members, oldest first
	 */
	public List<Member> members() {
		Instant now = this.clock.instant();
		Map<String, List<String>> singletons = new LinkedHashMap<>();
		this.jdbc.sql("SELECT name, owner FROM singleton_leases WHERE expires_at >= ? ORDER BY name")
			.param(at(now))
			.query((rs) -> {
				singletons.computeIfAbsent(rs.getString("owner"), (owner) -> new ArrayList<>())
					.add(rs.getString("name"));
			});
		return this.jdbc
			.sql("SELECT id, host, started_at, heartbeat_at FROM instances WHERE heartbeat_at >= ? "
					+ "ORDER BY started_at, id")
			.param(at(now.minus(this.properties.instanceTimeout())))
			.query((rs, row) -> new Member(rs.getString("id"), rs.getString("host"), instant(rs, "started_at"),
					instant(rs, "heartbeat_at"), rs.getString("id").equals(this.instance.value()),
					singletons.getOrDefault(rs.getString("id"), List.of())))
			.list();
	}

	// Joins before the workers start, leaves after they stopped.

	@Override
	public void start() {
		heartbeat();
		this.running = true;
		logger.info("Instance {} joined the cluster", this.instance.value());
	}

	@Override
	public void stop() {
		this.running = false;
		try {
			this.singletons.releaseAll();
			this.jdbc.sql("DELETE FROM instances WHERE id = ?").param(this.instance.value()).update();
			logger.info("Instance {} left the cluster", this.instance.value());
		}
		catch (DataAccessException ex) {
			logger.warn("Instance {} could not leave the cluster cleanly ({}); its singleton leases expire in {}",
					this.instance.value(), ex.getMessage(), this.properties.singletonLease());
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * {@link LifecyclePhases#CLUSTER_MEMBERSHIP}: after the workers and the completer.
	 */
	@Override
	public int getPhase() {
		return LifecyclePhases.CLUSTER_MEMBERSHIP;
	}

	/**
	 * A live instance.
	 *
	 * @param id its instance id
	 * @param host its host name
	 * @param startedAt when it started
	 * @param lastHeartbeat when it last said it was alive
	 * @param self whether it is the instance answering
	 * @param singletons the cluster singletons it runs
	 */
	public record Member(String id, String host, @Nullable Instant startedAt, @Nullable Instant lastHeartbeat,
			boolean self, List<String> singletons) {
	}

}
