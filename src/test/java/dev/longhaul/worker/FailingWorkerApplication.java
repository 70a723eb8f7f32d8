package dev.longhaul.worker;

import java.time.Duration;

import org.springframework.boot.SpringApplication;
import org.springframework.context.annotation.Bean;

import dev.longhaul.LonghaulApplication;

/**
 * Longhaul plus one worker whose first round fails, run as a child process by
 * {@link StopApplicationPolicyTest}. Its {@code @Bean} methods work in lite mode; it
 * carries no {@code @Configuration} so that component scanning in other tests' contexts
 * does not pick it up.
 */
class FailingWorkerApplication {

	@Bean
	LoopWorker doomed(WorkerFactory workers) {
		return workers.loop("doomed", WorkerSettings.loop(Duration.ofSeconds(1)), (stop) -> {
			throw new IllegalStateException("cannot reach the thing this worker needs");
		});
	}

	public static void main(String[] args) {
		SpringApplication.run(new Class<?>[] { LonghaulApplication.class, FailingWorkerApplication.class }, args);
	}

}
