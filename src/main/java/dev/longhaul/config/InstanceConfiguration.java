package dev.longhaul.config;

import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * This instance's {@link InstanceId}, also shown at {@code /actuator/info}.
 */
@Configuration(proxyBeanMethods = false)
class InstanceConfiguration {

	@Bean
	InstanceId instanceId() {
		return InstanceId.generate();
	}

	@Bean
	InfoContributor instanceInfoContributor(InstanceId instanceId) {
		return (builder) -> builder.withDetail("instance", instanceId.value());
	}

}
