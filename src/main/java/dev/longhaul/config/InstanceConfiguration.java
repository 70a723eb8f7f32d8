package dev.longhaul.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * This instance's {@link InstanceId}. It names the host and the process, so it is shown
 * to authenticated viewers only ({@code GET /api/cluster}), never at the anonymous
 * {@code /actuator/info}.
 */
@Configuration(proxyBeanMethods = false)
class InstanceConfiguration {

	@Bean
	InstanceId instanceId() {
		return InstanceId.generate();
	}

}
