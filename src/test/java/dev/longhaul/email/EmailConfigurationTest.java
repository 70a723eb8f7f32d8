package dev.longhaul.email;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.transaction.support.TransactionTemplate;

import dev.longhaul.queue.JobClient;
import dev.longhaul.queue.JobQueries;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * Where mail goes: the configured SMTP server (with STARTTLS when it is on another
 * machine), the embedded sink in development mode, and otherwise nowhere: the application
 * does not start.
 */
class EmailConfigurationTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(EmailConfiguration.class)
		.withBean(JobClient.class, () -> mock(JobClient.class))
		.withBean(JobQueries.class, () -> mock(JobQueries.class))
		.withBean(JdbcTemplate.class, () -> mock(JdbcTemplate.class))
		.withBean(TransactionTemplate.class, () -> mock(TransactionTemplate.class))
		.withBean(JsonMapper.class, () -> JsonMapper.builder().build())
		.withBean(Clock.class, Clock::systemUTC)
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new);

	@Test
	void withoutAnSmtpServerOutsideDevelopmentModeTheApplicationDoesNotStart() {
		this.runner.withPropertyValues("longhaul.dev-mode=false").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("No SMTP server configured: set spring.mail.host")
				.hasMessageContaining("longhaul.dev-mode=true");
		});
	}

	@Test
	void inDevelopmentModeMailGoesToTheEmbeddedSinkWithoutStartTls() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(EmailSender.class).hasSingleBean(DevMailServer.class);
			assertThat(
					context.getBean(JavaMailSenderImpl.class).getSession().getProperty("mail.smtp.starttls.required"))
				.isNull();
		});
	}

	@Test
	void anSmtpServerOnAnotherMachineGetsStartTlsRequired() {
		this.runner.withPropertyValues("spring.mail.host=smtp.example.com").withBean(JavaMailSenderImpl.class, () -> {
			JavaMailSenderImpl sender = new JavaMailSenderImpl();
			sender.setHost("smtp.example.com");
			return sender;
		}).run((context) -> {
			assertThat(context).hasSingleBean(EmailSender.class).doesNotHaveBean(DevMailServer.class);
			assertThat(context.getBean(JavaMailSenderImpl.class).getSession().getProperties())
				.containsEntry("mail.smtp.starttls.enable", "true")
				.containsEntry("mail.smtp.starttls.required", "true");
		});
	}

}
