package dev.longhaul.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.longhaul.support.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class JobThroughputTest {

	private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

	private final JobThroughput throughput = new JobThroughput(this.clock);

	@Test
	void ratesAreCountsPerSecondInBucketsOldestFirstWithoutTheUnfinishedSecond() {
		record(10, true);
		record(5, false);
		this.clock.advance(Duration.ofSeconds(1));
		record(20, true);
		this.clock.advance(Duration.ofMillis(1500));
		record(99, true);

		List<JobThroughput.Point> points = this.throughput.rates(5);

		assertThat(points).hasSize(JobThroughput.SECONDS / 5);
		assertThat(points.get(points.size() - 1).at()).isEqualTo(Instant.parse("2026-01-01T00:00:02Z").minusSeconds(5));
		assertThat(points.get(points.size() - 1).succeeded()).isEqualTo(30 / 5.0);
		assertThat(points.get(points.size() - 1).failed()).isEqualTo(1.0);
		assertThat(points.subList(0, points.size() - 1)).allMatch((p) -> p.succeeded() == 0 && p.failed() == 0);
	}

	@Test
	void countsOlderThanTheRingAreForgottenNotMistakenForNewOnes() {
		record(7, true);
		this.clock.advance(Duration.ofSeconds(JobThroughput.SECONDS));
		record(1, true);
		this.clock.advance(Duration.ofSeconds(1));

		List<JobThroughput.Point> points = this.throughput.rates(1);

		assertThat(points.stream().mapToDouble(JobThroughput.Point::succeeded).sum()).isEqualTo(1.0);
		assertThat(points.get(points.size() - 1).succeeded()).isEqualTo(1.0);
	}

	@Test
	void bucketsMustDivideTheRing() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.throughput.rates(7));
		assertThatIllegalArgumentException().isThrownBy(() -> this.throughput.rates(0));
	}

	private void record(int times, boolean success) {
		for (int i = 0; i < times; i++) {
			this.throughput.record(success);
		}
	}

}
