package dev.longhaul.web;

import jakarta.servlet.DispatcherType;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.http.converter.autoconfigure.ServerHttpMessageConvertersCustomizer;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;

/**
 * Request body limits ({@link RequestLimitsProperties}): the filters that count and cap
 * bodies and admit dataset uploads, Tomcat's form limit, and Jackson's read limits for
 * request bodies.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RequestLimitsProperties.class)
class RequestLimitsConfiguration {

	@Bean
	FilterRegistrationBean<RequestSizeLimit> requestSizeLimit(RequestLimitsProperties limits) {
		FilterRegistrationBean<RequestSizeLimit> registration = new FilterRegistrationBean<>(
				new RequestSizeLimit(limits));
		// After Boot's character encoding and observation filters (so refusals are
		// measured), before the form content filter and Spring Security read anything.
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
		registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ERROR);
		return registration;
	}

	@Bean
	FilterRegistrationBean<UploadAdmission> uploadAdmission(RoleHierarchy roles, SecurityFilterProperties security) {
		FilterRegistrationBean<UploadAdmission> registration = new FilterRegistrationBean<>(new UploadAdmission(roles));
		// Right after Spring Security's chain: the caller is authenticated and
		// authorized.
		registration.setOrder(security.getOrder() + 1);
		return registration;
	}

	/**
	 * Tomcat parses form bodies itself when Spring Security asks for a parameter (the
	 * login form, the CSRF token), past our counting stream: its {@code maxPostSize}
	 * (which counts chunked bodies too) follows {@code longhaul.web.max-body-size} and
	 * replaces {@code server.tomcat.max-http-form-post-size}.
	 */
	@Bean
	WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> formSizeLimit(RequestLimitsProperties limits) {
		int bytes = (int) Math.min(limits.maxBodySize().toBytes(), Integer.MAX_VALUE);
		return (factory) -> factory.addConnectorCustomizers((connector) -> connector.setMaxPostSize(bytes));
	}

	/**
	 * The JSON converter of Spring MVC reads request bodies with a copy of the
	 * application's mapper whose document and string lengths are capped at
	 * {@code longhaul.web.max-json-size}. The application's own mapper (job payloads,
	 * reports) keeps Jackson's defaults: those documents may be larger than a request.
	 * Ordered after Boot's JSON converter, which it replaces.
	 */
	@Bean
	@Order(1)
	ServerHttpMessageConvertersCustomizer jsonSizeLimit(ObjectProvider<JsonMapperBuilderCustomizer> customizers,
			RequestLimitsProperties limits) {
		JsonMapper requests = requestMapper(customizers, limits);
		return (converters) -> converters.withJsonConverter(new JacksonJsonHttpMessageConverter(requests));
	}

	static JsonMapper requestMapper(ObjectProvider<JsonMapperBuilderCustomizer> customizers,
			RequestLimitsProperties limits) {
		long bytes = limits.maxJsonSize().toBytes();
		StreamReadConstraints constraints = StreamReadConstraints.builder()
			.maxDocumentLength(bytes)
			.maxStringLength((int) Math.min(bytes, Integer.MAX_VALUE))
			.build();
		JsonMapper.Builder builder = JsonMapper
			.builder(JsonFactory.builder().streamReadConstraints(constraints).build());
		customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		return builder.build();
	}

}
