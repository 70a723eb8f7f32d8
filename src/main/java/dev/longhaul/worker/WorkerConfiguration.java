package dev.longhaul.worker;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.context.LifecycleProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The worker runtime's beans: the factory that workers are made with, their registry,
 * metrics, health and endpoint. Boot's {@link LifecycleProperties} (the shutdown phase
 * every worker's stop must fit in) is enabled here too, so the runtime does not depend on
 * Boot's lifecycle auto-configuration having run.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ WorkersProperties.class, LifecycleProperties.class })
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
	WorkerRegistry workerRegistry(ObjectProvider<Worker> workers, WorkersProperties properties,
			LifecycleProperties lifecycle, WorkerMetrics metrics, WorkerFactory factory) {
		return new WorkerRegistry(workers, properties, lifecycle.getTimeoutPerShutdownPhase(), metrics,
				factory::configNames);
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
