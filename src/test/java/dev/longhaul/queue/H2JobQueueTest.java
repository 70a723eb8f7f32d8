package dev.longhaul.queue;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;

import dev.longhaul.support.TestDatabases;

import static org.assertj.core.api.Assertions.assertThat;

class H2JobQueueTest extends JobQueueContractTest {

	@Override
	HikariDataSource createDataSource() {
		return TestDatabases.h2();
	}

	/**
	 * H2 is embedded: an instance that starts on a database file is the only process on
	 * it, so whatever an earlier process left running comes back at once, whatever its
	 * lease or heartbeat says.
	 */
	@Test
	void onStartTheRunningJobsOfAnEarlierProcessComeBackAndThoseOfThisJvmStay() {
		long inThisJvm = this.client.enqueue(NewJob.of("q", "{}")).job().id();
		long leftByCrash = this.client.enqueue(NewJob.of("q", "{}")).job().id();
		JobRescuer sibling = engine("sibling").rescuer(() -> null, INSTANCE_TIMEOUT);
		sibling.onStart();
		engine("sibling").claim("q", 1);
		heartbeat("earlier-process", this.clock.instant());
		engine("earlier-process").claim("q", 1);
		JobRescuer rescuer = this.engine.rescuer(() -> null, INSTANCE_TIMEOUT);
		try {
			rescuer.onStart();

			Job rescued = this.queries.find(leftByCrash).orElseThrow();
			assertThat(rescued.status()).isEqualTo(JobStatus.READY);
			assertThat(rescued.attempts()).isEqualTo(1);
			assertThat(rescued.lastError()).isEqualTo("Instance earlier-process ended without finishing it");
			assertThat(this.queries.find(inThisJvm).orElseThrow().status()).isEqualTo(JobStatus.RUNNING);
		}
		finally {
			rescuer.onStop();
			sibling.onStop();
		}
	}

}
