package dev.longhaul.web;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Runs the main port's connector as a {@link HeaderTimeoutProtocol}, so a client that
 * dribbles its request headers loses the connection after
 * {@code longhaul.web.request-header-timeout}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SlowClientProperties.class)
class SlowClientConfiguration {

	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> headerTimeout(SlowClientProperties properties) {
		return (factory) -> {
			factory.setProtocol(HeaderTimeoutProtocol.class.getName());
			factory.addConnectorCustomizers((connector) -> {
				if (connector.getProtocolHandler() instanceof HeaderTimeoutProtocol protocol) {
					protocol.setHeaderTimeout(properties.requestHeaderTimeout().toMillis());
				}
			});
		};
	}

}
