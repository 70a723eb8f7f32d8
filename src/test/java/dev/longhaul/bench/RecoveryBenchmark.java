package dev.longhaul.bench;

import java.io.File;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;

import dev.longhaul.queue.NewJob;
import dev.longhaul.support.JavaProcess;

/**
 * Scenario 10: how long the jobs a killed instance held take to finish elsewhere. Each
 * instance is a child JVM running {@link SlowJobsApplication} (the application with every
 * setting at its default, plus jobs of 200 ms on 4 threads with 20 claimed ahead).
 * <ul>
 * <li>PostgreSQL: three instances on one database. A backlog is enqueued; once the victim
 * has started 8 of its jobs it is killed with SIGKILL. The jobs it held are those RUNNING
 * under its lease right after the kill; the clock runs from the kill until all of them
 * are SUCCEEDED, finished by the others after they judge it dead by its heartbeat. The
 * first victim is the instance running the {@code lease-recovery} singleton (the worst
 * case: the rescuer itself must move); with a second kill, one of the two left, not the
 * singleton's holder, is killed the same way.</li>
 * <li>H2: one instance on an H2 file (H2 lets one process open it). Its backlog is
 * exactly what it claims at once; once it has started 8 jobs it is killed with SIGKILL
 * and started again at once on the same file. The clock runs from the restart until the
 * new process sees every job SUCCEEDED; it reports that itself, since no other process
 * can open the file meanwhile. The jobs the victim held are found afterwards by the
 * reason the rescuer wrote on them.</li>
 * </ul>
 */
final class RecoveryBenchmark {

	/** Jobs a victim starts before it is killed: it then holds a batch mid-run. */
	static final int STARTED_BEFORE_KILL = 8;

	/** What one instance holds at most: running, and claimed ahead. */
	static final int CAPACITY = SlowJobsApplication.CONCURRENCY + SlowJobsApplication.PREFETCH;

	/** {@code longhaul.cluster.instance-timeout} at its default. */
	static final Duration INSTANCE_TIMEOUT = Duration.ofSeconds(30);

	private static final int POSTGRES_INSTANCES = 3;

	private static final int POSTGRES_BACKLOG = 300;

	private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

	private static final Duration RECOVERY_TIMEOUT = Duration.ofMinutes(3);

	private static final Duration POLL = Duration.ofMillis(20);

	private static final Pattern INSTANCE = Pattern.compile("Instance (\\S+) joined the cluster");

	private static final Pattern STARTED = Pattern.compile("bench-started (\\d+)");

	private RecoveryBenchmark() {
	}

	/**
	 * Kills instances of three on one PostgreSQL database, one after the other.
	 * @param database a fresh, migrated PostgreSQL database, closed by the caller
	 * @param kills how many instances to kill, at most two
	 * @param directory the children's working directory
	 * @return one result per kill
	 */
	static List<Kill> postgres(BenchDatabase database, int kills, Path directory) throws InterruptedException {
		String url = database.dataSource().getJdbcUrl();
		JdbcClient jdbc = database.jdbc();
		BenchQueue queue = database.queue();
		List<Child> children = new ArrayList<>();
		try {
			for (int i = 0; i < POSTGRES_INSTANCES; i++) {
				children.add(new Child(JavaProcess.start(directory,
						arguments(url, BenchPostgres.user(), BenchPostgres.password(), false))));
			}
			long startedAll = awaitStarted(children);
			// A survivor judges another dead only once it has itself reached the
			// database for instance-timeout: let every instance live that long first,
			// as instances in production do.
			awaitUntil("every instance to have lived " + INSTANCE_TIMEOUT, INSTANCE_TIMEOUT.plusSeconds(30),
					() -> System.nanoTime() - startedAll > INSTANCE_TIMEOUT.toNanos());
			List<Kill> results = new ArrayList<>();
			for (int k = 0; k < Math.min(kills, POSTGRES_INSTANCES - 1); k++) {
				String holder = singletonHolder(jdbc);
				List<Child> alive = children.stream().filter((child) -> child.process.process().isAlive()).toList();
				Child victim = alive.stream()
					.filter((child) -> (results.isEmpty()) == child.id.equals(holder))
					.findFirst()
					.orElseThrow(() -> new IllegalStateException("No instance to kill; singleton holder " + holder));
				long lastId = QueueDrainBenchmark.lastId(jdbc);
				List<NewJob> backlog = new ArrayList<>();
				for (int i = 0; i < POSTGRES_BACKLOG; i++) {
					backlog.add(NewJob.of(SlowJobsApplication.TYPE, "{}"));
				}
				queue.enqueueAll(backlog);
				awaitUntil("instance " + victim.id + " to start " + STARTED_BEFORE_KILL + " jobs", RECOVERY_TIMEOUT,
						() -> victim.startedAfter(lastId) >= STARTED_BEFORE_KILL);
				Instant killedAt = Clock.systemUTC().instant();
				long killed = System.nanoTime();
				victim.process.kill();
				long killReturned = System.nanoTime();
				List<Long> held = jdbc.sql("SELECT id FROM jobs WHERE status = 'RUNNING' AND lease_owner = ?")
					.param(victim.id)
					.query(Long.class)
					.list();
				if (held.isEmpty()) {
					throw new IllegalStateException("Instance " + victim.id + " held no job when it was killed");
				}
				Instant heartbeat = jdbc.sql("SELECT heartbeat_at FROM instances WHERE id = ?")
					.param(victim.id)
					.query(OffsetDateTime.class)
					.single()
					.toInstant();
				String in = held.stream().map(String::valueOf).collect(Collectors.joining(", ", "(", ")"));
				long[] returned = { 0 };
				awaitUntil("the jobs of killed instance " + victim.id + " to finish", RECOVERY_TIMEOUT, () -> {
					if (returned[0] == 0 && count(jdbc, "SELECT COUNT(*) FROM jobs WHERE id IN " + in
							+ " AND status = 'RUNNING' AND lease_owner = '" + victim.id + "'") == 0) {
						returned[0] = System.nanoTime();
					}
					return count(jdbc,
							"SELECT COUNT(*) FROM jobs WHERE id IN " + in + " AND status = 'SUCCEEDED'") == held.size();
				});
				long done = System.nanoTime();
				long byLease = count(jdbc,
						"SELECT COUNT(*) FROM jobs WHERE id IN " + in + " AND last_error LIKE 'Lease of instance%'");
				results.add(new Kill(alive.size(), victim.id.equals(holder), held.size(), seconds(killed, done),
						seconds(killed, returned[0]), Duration.between(heartbeat, killedAt).toMillis() / 1000.0,
						seconds(killed, killReturned), byLease));
				// The survivors finish the rest before the next kill.
				awaitUntil("the backlog to finish", RECOVERY_TIMEOUT,
						() -> count(jdbc, "SELECT COUNT(*) FROM jobs WHERE status <> 'SUCCEEDED'") == 0);
			}
			return results;
		}
		finally {
			for (Child child : children) {
				child.process.close();
			}
		}
	}

	/**
	 * Kills the instance on an H2 file mid-batch and starts it again.
	 * @param directory a new directory for the file and the children
	 * @return the result
	 */
	static Restart h2(Path directory) throws InterruptedException {
		try (BenchDatabase database = BenchDatabase.h2Shipped(directory)) {
			List<NewJob> backlog = new ArrayList<>();
			for (int i = 0; i < CAPACITY; i++) {
				backlog.add(NewJob.of(SlowJobsApplication.TYPE, "{}"));
			}
			database.queue().enqueueAll(backlog);
		}
		String url = BenchDatabase.h2ShippedUrl(directory);
		String victimId;
		long restartMillis;
		Child restarted = null;
		try (JavaProcess first = JavaProcess.start(directory, arguments(url, "sa", "", false))) {
			Child victim = new Child(first);
			awaitStarted(List.of(victim));
			victimId = victim.id;
			awaitUntil("the instance to start " + STARTED_BEFORE_KILL + " jobs", RECOVERY_TIMEOUT,
					() -> victim.startedAfter(0) >= STARTED_BEFORE_KILL);
			first.kill();
			restartMillis = System.currentTimeMillis();
			restarted = new Child(JavaProcess.start(directory, arguments(url, "sa", "", true)));
			Child watched = restarted;
			awaitUntil("the restarted instance to finish the jobs", RECOVERY_TIMEOUT,
					() -> watched.printed("bench-finished").isPresent() || !watched.process.process().isAlive());
			if (watched.printed("bench-finished").isEmpty()) {
				throw new IllegalStateException("The restarted instance died:\n" + watched.process.output());
			}
			long finished = watched.printed("bench-finished").get();
			long jvmStart = watched.printed("bench-jvm-start").orElse(restartMillis);
			awaitUntil("the restarted instance to be ready", RECOVERY_TIMEOUT,
					() -> watched.printed("bench-ready").isPresent());
			long ready = watched.printed("bench-ready").get();
			// A graceful stop, so that the file is closed for the check below.
			watched.process.process().destroy();
			watched.process.waitFor(Duration.ofMinutes(1));
			try (BenchDatabase database = BenchDatabase.h2Shipped(directory)) {
				JdbcClient jdbc = database.jdbc();
				long held = count(jdbc, "SELECT COUNT(*) FROM jobs WHERE last_error = 'Instance " + victimId
						+ " ended without finishing it'");
				long succeeded = count(jdbc, "SELECT COUNT(*) FROM jobs WHERE status = 'SUCCEEDED'");
				if (held == 0 || succeeded != CAPACITY) {
					throw new IllegalStateException("After the restart " + succeeded + " of " + CAPACITY
							+ " jobs SUCCEEDED, " + held + " returned from the killed instance " + victimId);
				}
				return new Restart(held, (finished - restartMillis) / 1000.0, (jvmStart - restartMillis) / 1000.0,
						(ready - restartMillis) / 1000.0);
			}
		}
		finally {
			if (restarted != null) {
				restarted.process.close();
			}
		}
	}

	private static List<String> arguments(String url, String user, String password, boolean reportFinished) {
		return List.of("-cp", absoluteClassPath(), "-Xmx256m", SlowJobsApplication.class.getName(), "--server.port=0",
				"--server.address=127.0.0.1", "--spring.datasource.url=" + url, "--spring.datasource.username=" + user,
				"--spring.datasource.password=" + password, "--spring.main.banner-mode=off",
				"--bench.report-finished=" + reportFinished);
	}

	/**
	 * The benchmark's class path with every entry absolute: the children run in another
	 * directory, and {@code bench/run} names the project's classes relative to its own.
	 */
	static String absoluteClassPath() {
		return Arrays.stream(JavaProcess.testClassPath().split(File.pathSeparator))
			.filter((entry) -> !entry.isEmpty())
			.map((entry) -> Path.of(entry).toAbsolutePath().toString())
			.collect(Collectors.joining(File.pathSeparator));
	}

	/**
	 * Waits until every child has started and joined the cluster.
	 * @return {@link System#nanoTime()} when the last one had
	 */
	private static long awaitStarted(List<Child> children) {
		for (Child child : children) {
			awaitUntil("an instance to start", START_TIMEOUT,
					() -> child.joined() || !child.process.process().isAlive());
			if (!child.process.process().isAlive()) {
				throw new IllegalStateException("An instance died at start-up:\n" + child.process.output());
			}
		}
		return System.nanoTime();
	}

	private static String singletonHolder(JdbcClient jdbc) {
		return jdbc.sql("SELECT owner FROM singleton_leases WHERE name = 'lease-recovery'")
			.query(String.class)
			.optional()
			.orElse("");
	}

	private static long count(JdbcClient jdbc, String sql) {
		return jdbc.sql(sql).query(Long.class).single();
	}

	private static double seconds(long from, long to) {
		return (to - from) / 1e9;
	}

	private static void awaitUntil(String what, Duration timeout, BooleanSupplier condition) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Timed out after " + timeout + " waiting for " + what);
			}
			LockSupport.parkNanos(POLL.toNanos());
		}
	}

	/**
	 * An instance process and what it printed.
	 */
	private static final class Child {

		private final JavaProcess process;

		private String id = "";

		Child(JavaProcess process) {
			this.process = process;
		}

		boolean joined() {
			Matcher matcher = INSTANCE.matcher(this.process.output());
			if (matcher.find()) {
				this.id = matcher.group(1);
				return true;
			}
			return false;
		}

		long startedAfter(long lastId) {
			Matcher matcher = STARTED.matcher(this.process.output());
			long started = 0;
			while (matcher.find()) {
				if (Long.parseLong(matcher.group(1)) > lastId) {
					started++;
				}
			}
			return started;
		}

		Optional<Long> printed(String key) {
			Matcher matcher = Pattern.compile("(?m)^" + key + " (\\d+)").matcher(this.process.output());
			return matcher.find() ? Optional.of(Long.parseLong(matcher.group(1))) : Optional.empty();
		}

	}

	/**
	 * One kill on PostgreSQL.
	 *
	 * @param instances instances alive before the kill, the victim included
	 * @param singleton whether the victim ran the {@code lease-recovery} singleton
	 * @param held jobs RUNNING under the victim's lease right after the kill
	 * @param seconds from the kill until all of them were SUCCEEDED
	 * @param returnedSeconds from the kill until none of them was RUNNING under the
	 * victim's lease any more (the rescuer returned them)
	 * @param heartbeatAge how old the victim's last heartbeat was when it was killed
	 * @param killSeconds how long the kill itself took (SIGKILL until the process was
	 * reaped)
	 * @param byLease of the jobs held, those returned because their lease ran out rather
	 * than by heartbeat (expected 0)
	 */
	record Kill(int instances, boolean singleton, int held, double seconds, double returnedSeconds, double heartbeatAge,
			double killSeconds, long byLease) {
	}

	/**
	 * The kill and restart on H2.
	 *
	 * @param held jobs the killed process held (returned by the restarted one)
	 * @param seconds from the restart until every job was SUCCEEDED
	 * @param jvmSeconds from the restart until the new JVM started
	 * @param readySeconds from the restart until the application was ready
	 */
	record Restart(long held, double seconds, double jvmSeconds, double readySeconds) {
	}

}
