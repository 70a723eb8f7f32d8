package dev.longhaul.queue;

import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Bean;

import dev.longhaul.LonghaulApplication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Job types that cannot run stop the application at start-up, with a message naming what
 * to fix.
 */
class JobTypeStartupTest {

	@Test
	void twoHandlersForOneTypeStopTheApplicationNamingBoth() {
		Throwable failure = catchThrowable(
				() -> new SpringApplicationBuilder(LonghaulApplication.class, SecondEmailHandler.class)
					.run("--server.port=0", "--spring.jmx.enabled=false"));

		assertThat(rootCause(failure)).isInstanceOf(InvalidJobConfigurationException.class)
			.hasMessageContaining("Job type 'email' has two handlers")
			.hasMessageContaining("bean 'emailSender' (dev.longhaul.email.EmailSender)")
			.hasMessageContaining("bean 'secondEmailHandler'");
	}

	@Test
	void configurationOfAnUnknownTypeStopsTheApplicationAsALikelyTypo() {
		Throwable failure = catchThrowable(() -> new SpringApplicationBuilder(LonghaulApplication.class)
			.run("--server.port=0", "--spring.jmx.enabled=false", "--longhaul.jobs.emial.concurrency=8"));

		assertThat(rootCause(failure)).isInstanceOf(InvalidJobConfigurationException.class)
			.hasMessageContaining("[emial]")
			.hasMessageContaining("Job types: [dataset, email]");
	}

	private static Throwable rootCause(Throwable failure) {
		Throwable cause = failure;
		while (cause.getCause() != null && !(cause instanceof InvalidJobConfigurationException)) {
			cause = cause.getCause();
		}
		return cause;
	}

	/** Another handler of the email type: lite {@code @Bean} methods, no scan. */
	static class SecondEmailHandler {

		@Bean
		JobHandler<String> secondEmailHandler() {
			return new JobHandler<>() {

				@Override
				public String type() {
					return "email";
				}

				@Override
				public JobOutcome run(JobContext<String> job) {
					return JobOutcome.done();
				}

			};
		}

	}

}
