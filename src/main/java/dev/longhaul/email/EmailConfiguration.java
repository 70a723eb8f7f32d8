package dev.longhaul.email;

import java.time.Clock;
import java.util.Properties;

import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.transaction.support.TransactionTemplate;

import dev.longhaul.config.DevelopmentMode;
import dev.longhaul.queue.JobClient;
import dev.longhaul.queue.JobQueries;

/**
 * The outbox, the email sender (the handler of the {@code email} job type, run by the
 * {@code email-sender} worker), and (in development mode) the embedded SMTP sink.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(EmailProperties.class)
class EmailConfiguration {

	@Bean
	Outbox outbox(JobClient jobs, JobQueries queries, JdbcTemplate jdbc, TransactionTemplate transactions,
			JsonMapper json, EmailProperties properties) {
		return new Outbox(jobs, queries, jdbc, transactions, json, properties);
	}

	@Bean
	EmailSender emailSender(ObjectProvider<JavaMailSender> mailSenders, EmailProperties properties, Clock clock,
			MeterRegistry meterRegistry) {
		JavaMailSender mailSender = mailSenders.getIfAvailable();
		if (mailSender == null) {
			throw new IllegalStateException("No SMTP server configured: set spring.mail.host (and spring.mail.port, "
					+ ".username, .password), or turn development mode on (" + DevelopmentMode.PROPERTY
					+ "=true) to send to the embedded SMTP sink");
		}
		if (!(mailSender instanceof JavaMailSenderImpl sender)) {
			throw new IllegalStateException("The email sender needs a JavaMailSenderImpl (spring.mail.*), not "
					+ mailSender.getClass().getName());
		}
		if (SmtpStartTls.required(properties, sender)) {
			SmtpStartTls.require(sender);
		}
		return new EmailSender(new SmtpConnections(new SmtpConnector(sender)), new EmailMessages(properties, clock),
				new EmailMetrics(meterRegistry), properties);
	}

	/**
	 * With no SMTP server configured, in development mode: an embedded SMTP sink and a
	 * sender pointed at it, so a fresh checkout delivers mail over real SMTP.
	 */
	@Configuration(proxyBeanMethods = false)
	@Conditional(DevMailCondition.class)
	@EnableConfigurationProperties(DevMailProperties.class)
	static class DevMail {

		@Bean
		DevMailServer devMailServer(DevMailProperties properties) {
			return new DevMailServer(0, properties.maxMessages());
		}

		@Bean
		JavaMailSenderImpl devMailSender(DevMailServer server) {
			JavaMailSenderImpl sender = new JavaMailSenderImpl();
			sender.setHost("127.0.0.1");
			sender.setPort(server.port());
			Properties properties = new Properties();
			properties.setProperty("mail.smtp.connectiontimeout", "10000");
			properties.setProperty("mail.smtp.timeout", "30000");
			properties.setProperty("mail.smtp.writetimeout", "30000");
			sender.setJavaMailProperties(properties);
			return sender;
		}

	}

}
