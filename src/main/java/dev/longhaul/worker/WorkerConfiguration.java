package dev.longhaul.worker;

import java.time.Clock;
import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The worker runtime's beans: the factory that workers are made with, their registry,
 * metrics, health and endpoint.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WorkersProperties.class)
public class WorkerConfiguration {

	@Bean
	WorkerMetrics workerMetrics(MeterRegistry meterRegistry) {
		return new WorkerMetrics(meterRegistry);
	}

	@Bean
	ApplicationTerminator applicationTerminator(ConfigurableApplicationContext context) {
		return new SpringApplicationTerminator(context);
	}

	@Bean
	WorkerFactory workerFactory(WorkersProperties properties, Clock clock, WorkerMetrics metrics,
			ApplicationTerminator terminator) {
		return new WorkerFactory(properties, clock, metrics, terminator);
	}

	@Bean
	WorkerRegistry workerRegistry(ObjectProvider<Worker> workers, WorkersProperties properties, Environment environment,
			WorkerMetrics metrics, WorkerFactory factory) {
		Duration phaseTimeout = Binder.get(environment)
			.bind("spring.lifecycle.timeout-per-shutdown-phase", Duration.class)
			.orElse(Duration.ofSeconds(30));
		return new WorkerRegistry(workers, properties, phaseTimeout, metrics, factory::configNames);
	}

	@Bean
	WorkersHealthContributor workersHealthContributor(WorkerRegistry registry) {
		return new WorkersHealthContributor(registry);
	}

	@Bean
	CriticalWorkersHealthIndicator criticalWorkersHealthIndicator(WorkerRegistry registry) {
		return new CriticalWorkersHealthIndicator(registry);
	}

	@Bean
	@ConditionalOnAvailableEndpoint
	WorkersEndpoint workersEndpoint(WorkerRegistry registry) {
		return new WorkersEndpoint(registry);
	}

}
