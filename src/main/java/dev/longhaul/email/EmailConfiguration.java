package dev.longhaul.email;

import java.time.Clock;
import java.time.Duration;
import java.util.Properties;

import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;

import dev.longhaul.queue.JobQueue;
import dev.longhaul.queue.JobSignals;
import dev.longhaul.queue.QueueMetrics;
import dev.longhaul.worker.LoopWorker;
import dev.longhaul.worker.WorkerFactory;
import dev.longhaul.worker.WorkerSettings;

/**
 * The outbox, the {@code email-sender} worker, and (in development) the embedded SMTP
 * sink.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(EmailProperties.class)
class EmailConfiguration {

	@Bean
	Outbox outbox(JobQueue jobs, JsonMapper json, EmailProperties properties, QueueMetrics queueMetrics) {
		queueMetrics.monitor(Outbox.QUEUE);
		return new Outbox(jobs, json, properties);
	}

	@Bean
	LoopWorker emailSender(WorkerFactory workers, JobQueue jobs, Outbox outbox, JavaMailSender mailSender,
			EmailProperties properties, Clock clock, MeterRegistry meterRegistry, JobSignals signals) {
		if (!(mailSender instanceof JavaMailSenderImpl sender)) {
			throw new IllegalStateException("The email sender needs a JavaMailSenderImpl (spring.mail.*), not "
					+ mailSender.getClass().getName());
		}
		double minRate = 3.0 / jobs.leaseDuration().toSeconds();
		if (properties.maxPerSecond() > 0 && properties.maxPerSecond() < minRate) {
			throw new IllegalStateException("longhaul.email.max-per-second=" + properties.maxPerSecond()
					+ " spaces sends further apart than a third of longhaul.queue.lease-duration ("
					+ jobs.leaseDuration() + "), so a batch's leases could run out between two sends; use at least "
					+ minRate + " or a longer lease");
		}
		EmailSender task = new EmailSender(jobs, outbox, new SmtpConnector(sender),
				new EmailMessages(properties, clock), new EmailMetrics(meterRegistry), properties);
		LoopWorker worker = workers.loop("email-sender", WorkerSettings.loop(Duration.ofSeconds(10)), task);
		signals.onWork(Outbox.QUEUE, worker::wake);
		return worker;
	}

	/**
	 * With no SMTP server configured, outside the {@code prod} profile: an embedded SMTP
	 * sink and a sender pointed at it, so a fresh checkout delivers mail over real SMTP.
	 */
	@Configuration(proxyBeanMethods = false)
	@Conditional(DevMailCondition.class)
	static class DevMail {

		@Bean
		DevMailServer devMailServer() {
			return new DevMailServer(0);
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
