package dev.longhaul.worker;

import java.time.Clock;
import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.ConfigurationPropertiesAutoConfiguration;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

class WorkerConfigurationTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ConfigurationPropertiesAutoConfiguration.class,
				ValidationAutoConfiguration.class))
		.withUserConfiguration(WorkerConfiguration.class, TestWorkers.class)
		.withBean(Clock.class, Clock::systemUTC)
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new);

	@Test
	void workersStartWithTheContextAndStopWhenItCloses() {
		this.runner.run((context) -> {
			LoopWorker worker = context.getBean(LoopWorker.class);
			assertThat(worker.isRunning()).isTrue();
			assertThat(context.getBean(WorkerRegistry.class).find("test-loop")).containsSame(worker);
			context.close();
			assertThat(worker.state()).isEqualTo(WorkerState.STOPPED);
		});
	}

	@Test
	void shutdownTimeoutThatDoesNotFitTheShutdownPhaseIsAStartupError() {
		this.runner
			.withPropertyValues("spring.lifecycle.timeout-per-shutdown-phase=10s",
					"longhaul.workers.test-loop.shutdown-timeout=15s")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).isInstanceOf(InvalidWorkerConfigurationException.class)
					.hasMessageContaining("Worker 'test-loop' has shutdown-timeout 15s")
					.hasMessageContaining("more than spring.lifecycle.timeout-per-shutdown-phase (10s)");
				FailureAnalysis analysis = new InvalidWorkerConfigurationFailureAnalyzer()
					.analyze(context.getStartupFailure());
				assertThat(analysis.getAction()).contains("Lower longhaul.workers.test-loop.shutdown-timeout");
			});
	}

	@Test
	void shutdownTimeoutThatFitsTheShutdownPhaseStarts() {
		this.runner
			.withPropertyValues("spring.lifecycle.timeout-per-shutdown-phase=10s",
					"longhaul.workers.test-loop.shutdown-timeout=9s")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void configurationOfAWorkerThatDoesNotExistIsAStartupError() {
		this.runner.withPropertyValues("longhaul.workers.tset-loop.enabled=false").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).hasMessageContaining("Configuration names worker(s) [tset-loop]")
				.hasMessageContaining("Workers: [test-loop]");
		});
	}

	@Test
	void invalidValueIsAStartupErrorNamingTheProperty() {
		this.runner.withPropertyValues("longhaul.workers.test-loop.idle-delay=-1s").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause().isInstanceOf(BindValidationException.class);
			assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("workers[test-loop].idleDelay");
		});
	}

	@Test
	void disabledWorkerIsNotStarted() {
		this.runner.withPropertyValues("longhaul.workers.test-loop.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(LoopWorker.class).state()).isEqualTo(WorkerState.NEW);
		});
	}

	/**
	 * Lite {@code @Bean} class, so component scanning in other tests' contexts does not
	 * pick it up.
	 */
	static class TestWorkers {

		@Bean
		LoopWorker testLoop(WorkerFactory workers) {
			return workers.loop("test-loop", WorkerSettings.loop(Duration.ofHours(1)), (stop) -> RoundResult.IDLE);
		}

	}

}
