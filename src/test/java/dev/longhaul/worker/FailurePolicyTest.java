package dev.longhaul.worker;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.longhaul.support.MutableClock;
import dev.longhaul.worker.FailurePolicy.Action;
import dev.longhaul.worker.FailurePolicy.Decision;

import static org.assertj.core.api.Assertions.assertThat;

class FailurePolicyTest {

	private static final Backoff BACKOFF = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), 2.0, 0.0);

	private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

	private final RuntimeException failure = new IllegalStateException("smtp down");

	@Test
	void continuePolicyRetriesAfterABackoffThatGrowsWithTheAttempt() {
		FailurePolicy policy = policy(WorkerSettings.DEFAULTS.toBuilder().backoff(BACKOFF).build());

		assertThat(policy.onFailure(this.failure, 1, this.clock.instant()))
			.isEqualTo(new Decision(Action.RETRY, Duration.ofSeconds(1)));
		assertThat(policy.onFailure(this.failure, 3, this.clock.instant()))
			.isEqualTo(new Decision(Action.RETRY, Duration.ofSeconds(4)));
		assertThat(policy.onFailure(this.failure, 10, this.clock.instant()))
			.isEqualTo(new Decision(Action.RETRY, Duration.ofSeconds(30)));
	}

	@Test
	void restartPolicyRestartsAfterABackoffUntilTheBudgetIsSpent() {
		FailurePolicy policy = policy(restarting(2, Duration.ofMinutes(1)));

		assertThat(policy.onFailure(this.failure, 1, this.clock.instant()))
			.isEqualTo(new Decision(Action.RESTART, Duration.ofSeconds(1)));
		this.clock.advance(Duration.ofSeconds(10));
		assertThat(policy.onFailure(this.failure, 2, this.clock.instant()))
			.isEqualTo(new Decision(Action.RESTART, Duration.ofSeconds(2)));
		this.clock.advance(Duration.ofSeconds(10));
		assertThat(policy.onFailure(this.failure, 3, this.clock.instant()).action()).isEqualTo(Action.STOP_WORKER);
	}

	@Test
	void restartBudgetForgetsRestartsOnceTheWindowHasPassed() {
		FailurePolicy policy = policy(restarting(1, Duration.ofMinutes(1)));
		assertThat(policy.onFailure(this.failure, 1, this.clock.instant()).action()).isEqualTo(Action.RESTART);

		this.clock.advance(Duration.ofMinutes(1));

		assertThat(policy.onFailure(this.failure, 2, this.clock.instant()).action()).isEqualTo(Action.RESTART);
	}

	@Test
	void restartBudgetCountsRestartsStillInsideTheWindow() {
		FailurePolicy policy = policy(restarting(1, Duration.ofMinutes(1)));
		assertThat(policy.onFailure(this.failure, 1, this.clock.instant()).action()).isEqualTo(Action.RESTART);

		this.clock.advance(Duration.ofSeconds(59));

		assertThat(policy.onFailure(this.failure, 2, this.clock.instant()).action()).isEqualTo(Action.STOP_WORKER);
	}

	@Test
	void restartPolicyWithoutBudgetStopsTheWorkerAtTheFirstFailure() {
		FailurePolicy policy = policy(restarting(0, Duration.ofMinutes(1)));

		assertThat(policy.onFailure(this.failure, 1, this.clock.instant()).action()).isEqualTo(Action.STOP_WORKER);
	}

	@Test
	void stopPoliciesEndTheWorkerOrTheApplication() {
		assertThat(policy(WorkerSettings.DEFAULTS.toBuilder().onError(ErrorPolicy.STOP_WORKER).build())
			.onFailure(this.failure, 1, this.clock.instant())
			.action()).isEqualTo(Action.STOP_WORKER);
		assertThat(policy(WorkerSettings.DEFAULTS.toBuilder().onError(ErrorPolicy.STOP_APPLICATION).build())
			.onFailure(this.failure, 1, this.clock.instant())
			.action()).isEqualTo(Action.STOP_APPLICATION);
	}

	@Test
	void errorStopsTheWorkerWhateverThePolicyAndTheApplicationIfItsPolicySaysSo() {
		Error error = new OutOfMemoryError("heap");

		assertThat(policy(WorkerSettings.DEFAULTS).onFailure(error, 1, this.clock.instant()).action())
			.isEqualTo(Action.STOP_WORKER);
		assertThat(policy(restarting(5, Duration.ofMinutes(1))).onFailure(error, 1, this.clock.instant()).action())
			.isEqualTo(Action.STOP_WORKER);
		assertThat(policy(WorkerSettings.DEFAULTS.toBuilder().onError(ErrorPolicy.STOP_APPLICATION).build())
			.onFailure(error, 1, this.clock.instant())
			.action()).isEqualTo(Action.STOP_APPLICATION);
	}

	@Test
	void pauseWorkerExceptionPausesWhateverThePolicy() {
		PauseWorkerException pause = new PauseWorkerException("credentials rejected", this.failure);

		for (ErrorPolicy onError : ErrorPolicy.values()) {
			assertThat(policy(WorkerSettings.DEFAULTS.toBuilder().onError(onError).build()).onFailure(pause, 1,
					this.clock.instant()))
				.isEqualTo(Decision.PAUSE);
		}
	}

	private static WorkerSettings restarting(int maxRestarts, Duration window) {
		return WorkerSettings.DEFAULTS.toBuilder()
			.backoff(BACKOFF)
			.onError(ErrorPolicy.RESTART)
			.maxRestarts(maxRestarts)
			.restartWindow(window)
			.build();
	}

	private static FailurePolicy policy(WorkerSettings settings) {
		return new FailurePolicy("test", settings);
	}

}
