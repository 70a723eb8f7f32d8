package dev.longhaul.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.jdbc.core.simple.JdbcClient;

import dev.longhaul.cluster.ClusterMembership;
import dev.longhaul.cluster.ClusterProperties;
import dev.longhaul.cluster.SingletonLeases;
import dev.longhaul.cluster.ThroughputSource;
import dev.longhaul.config.InstanceId;
import dev.longhaul.support.MutableClock;
import dev.longhaul.support.RecordingDataSource;
import dev.longhaul.support.TestDatabases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The whole cluster's jobs/s: two instances publish their counts with their heartbeats
 * (on H2 and PostgreSQL), the chart sums them, and an instance whose heartbeat timed out
 * drops out; the sum reads the {@code instances} rows only.
 */
class ClusterThroughputTest {

	private static final ClusterProperties SETTINGS = new ClusterProperties(Duration.ofSeconds(10),
			Duration.ofSeconds(30), Duration.ofSeconds(30));

	// 3 s into a 5-second bucket, so the bucket of "now" is unfinished.
	private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:03Z"));

	private HikariDataSource dataSource;

	@AfterEach
	void close() {
		if (this.dataSource != null) {
			this.dataSource.close();
		}
	}

	static Stream<Arguments> databases() {
		return Stream.of(Arguments.of("H2", (Supplier<HikariDataSource>) TestDatabases::h2),
				Arguments.of("PostgreSQL", (Supplier<HikariDataSource>) TestDatabases::postgres));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("databases")
	void twoInstancesCountsAreSummedAndATimedOutInstanceDropsOut(String name, Supplier<HikariDataSource> database) {
		this.dataSource = database.get();
		RecordingDataSource recording = new RecordingDataSource(this.dataSource);
		JdbcClient jdbc = JdbcClient.create(recording.dataSource());
		JobThroughput a = new JobThroughput(this.clock);
		JobThroughput b = new JobThroughput(this.clock);
		ClusterMembership membershipA = membership(jdbc, "a", a);
		ClusterMembership membershipB = membership(jdbc, "b", b);
		ClusterThroughput cluster = new ClusterThroughput(a, membershipA, new InstanceId("a"), this.clock);

		// In the bucket 00:00:00 to 00:00:05: a finishes 10 jobs and fails 5 tries, b
		// finishes 20.
		record(a, 10, true);
		record(a, 5, false);
		record(b, 20, true);
		this.clock.advance(Duration.ofSeconds(5));
		membershipA.heartbeat();
		membershipB.heartbeat();
		// Later jobs of b count once b published them; a's own count from memory.
		record(a, 1, true);
		record(b, 100, true);
		recording.clear();

		ClusterThroughput.Sum sum = cluster.current();

		assertThat(sum.instances()).containsExactly("a", "b");
		assertThat(sum.until()).isEqualTo(Instant.parse("2026-01-01T00:00:05Z"));
		assertThat(sum.points()).hasSize(JobThroughput.SECONDS / 5);
		JobThroughput.Point last = sum.points().get(sum.points().size() - 1);
		assertThat(last.at()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
		assertThat(last.succeeded()).isEqualTo(30 / 5.0);
		assertThat(last.failed()).isEqualTo(5 / 5.0);
		assertThat(sum.points().subList(0, sum.points().size() - 1)).allMatch((p) -> p.succeeded() == 0);
		assertThat(recording.statements()).as("one read of the instances rows")
			.singleElement()
			.satisfies((sql) -> assertThat(sql).contains("FROM instances").doesNotContainIgnoringCase("jobs"));

		// b's heartbeats stop; a's go on. Within the instance timeout b still counts.
		this.clock.advance(Duration.ofSeconds(20));
		membershipA.heartbeat();
		assertThat(cluster.current().instances()).containsExactly("a", "b");
		this.clock.advance(Duration.ofSeconds(11));
		membershipA.heartbeat();

		ClusterThroughput.Sum withoutB = cluster.current();

		assertThat(withoutB.instances()).containsExactly("a");
		assertThat(withoutB.until()).isEqualTo(Instant.parse("2026-01-01T00:00:35Z"));
		List<JobThroughput.Point> points = withoutB.points();
		assertThat(points.stream().mapToDouble(JobThroughput.Point::succeeded).sum() * 5).isCloseTo(11.0, within(1e-9));
		assertThat(points.stream().mapToDouble(JobThroughput.Point::failed).sum() * 5).isCloseTo(5.0, within(1e-9));
	}

	@Test
	void theSumReadsTheDatabaseAtMostOncePerSecond() {
		this.dataSource = TestDatabases.h2();
		RecordingDataSource recording = new RecordingDataSource(this.dataSource);
		JobThroughput a = new JobThroughput(this.clock);
		ClusterMembership membership = membership(JdbcClient.create(recording.dataSource()), "a", a);
		membership.heartbeat();
		ClusterThroughput cluster = new ClusterThroughput(a, membership, new InstanceId("a"), this.clock);
		recording.clear();

		cluster.current();
		cluster.current();
		this.clock.advance(Duration.ofMillis(999));
		cluster.current();
		assertThat(recording.statements()).hasSize(1);
		this.clock.advance(Duration.ofMillis(1));
		cluster.current();
		assertThat(recording.statements()).hasSize(2);
	}

	@Test
	void withoutOtherInstancesTheClusterIsThisInstanceUpToItsLastFinishedBucket() {
		this.dataSource = TestDatabases.h2();
		JobThroughput a = new JobThroughput(this.clock);
		ClusterMembership membership = membership(JdbcClient.create(this.dataSource), "a", a);
		record(a, 3, true);
		this.clock.advance(Duration.ofSeconds(5));

		ClusterThroughput.Sum sum = new ClusterThroughput(a, membership, new InstanceId("a"), this.clock).current();

		assertThat(sum.instances()).containsExactly("a");
		assertThat(sum.until()).isEqualTo(Instant.parse("2026-01-01T00:00:05Z"));
		assertThat(sum.points().get(sum.points().size() - 1).succeeded()).isEqualTo(3 / 5.0);
	}

	@Test
	void publishedCountsStayWithinTheColumnWhateverTheCountsAndReadBackAsWritten() {
		int buckets = JobThroughput.PUBLISHED_SECONDS / JobThroughput.PUBLISHED_BUCKET_SECONDS;
		long[] huge = new long[buckets];
		Arrays.fill(huge, Long.MAX_VALUE);
		BucketCounts largest = new BucketCounts(-99_999_999_999L, 5, huge, huge.clone());
		long[] some = new long[buckets];
		some[3] = 42;
		BucketCounts typical = new BucketCounts(1_796_000_000L, 5, some, new long[buckets]);

		String encoded = largest.encode();
		System.out.printf("Published counts: %d characters at most (19-digit counts), %d for an idle instance%n",
				encoded.length(),
				new BucketCounts(1_796_000_000L, 5, new long[buckets], new long[buckets]).encode().length());

		assertThat(encoded.length()).isLessThanOrEqualTo(BucketCounts.MAX_ENCODED_LENGTH)
			.isLessThanOrEqualTo(ThroughputSource.MAX_LENGTH);
		BucketCounts decoded = BucketCounts.decode(typical.encode()).orElseThrow();
		assertThat(decoded.start()).isEqualTo(typical.start());
		assertThat(decoded.succeeded()).containsExactly(some);
		assertThat(decoded.succeededAt(1_796_000_015L)).isEqualTo(42);
		assertThat(decoded.succeededAt(1_796_000_016L)).as("off the grid").isZero();
		assertThat(BucketCounts.decode(largest.encode()).orElseThrow().failed()).containsExactly(huge);
		assertThat(BucketCounts.decode("2;5;0;1:1")).as("another version").isEmpty();
		assertThat(BucketCounts.decode("1;5;0;1:x")).isEmpty();
		assertThat(BucketCounts.decode("1;5;0;7")).isEmpty();
	}

	private ClusterMembership membership(JdbcClient jdbc, String id, JobThroughput throughput) {
		InstanceId instance = new InstanceId(id);
		return new ClusterMembership(jdbc, this.clock, instance,
				new SingletonLeases(jdbc, this.clock, instance, SETTINGS.singletonLease()), SETTINGS, throughput);
	}

	private static void record(JobThroughput throughput, int times, boolean success) {
		for (int i = 0; i < times; i++) {
			throughput.record(success);
		}
	}

}
