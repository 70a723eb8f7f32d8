package dev.longhaul.email;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.unit.DataSize;

import dev.longhaul.queue.JobStatus;
import dev.longhaul.queue.QueueProperties;
import dev.longhaul.queue.TestJobEngine;
import dev.longhaul.support.FakeSmtpServer;
import dev.longhaul.support.TestDatabases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The email sender's threads each keep an SMTP connection of their own: against a relay
 * that takes its time over each message, {@code longhaul.email.connections} messages are
 * in flight at once, and the connections are kept across emails.
 */
class ParallelConnectionsTest {

	private static final int CONNECTIONS = 4;

	private final HikariDataSource dataSource = TestDatabases.h2();

	private final FakeSmtpServer relay = new FakeSmtpServer().holdEndOfData();

	@AfterEach
	void close() throws IOException {
		this.relay.releaseEndOfData();
		this.relay.close();
		this.dataSource.close();
	}

	@Test
	void asManyEmailsAreInFlightAtOnceAsThereAreConnectionsAndTheConnectionsAreKept() {
		EmailProperties properties = new EmailProperties("Longhaul <noreply@localhost>", CONNECTIONS, 8, 0,
				DataSize.ofMegabytes(1), "longhaul.local", 10, null);
		SmtpConnections connections = new SmtpConnections(
				new SmtpConnector(FakeSmtpServer.mailSender(this.relay.port(), null, null)));
		EmailSender sender = new EmailSender(connections, new EmailMessages(properties, Clock.systemUTC()),
				new EmailMetrics(new SimpleMeterRegistry()), properties);
		TestJobEngine engine = new TestJobEngine(this.dataSource, Clock.systemUTC(), "instance-a",
				QueueProperties.defaults(), sender);
		Outbox outbox = new Outbox(engine.client(), engine.queries(), new JdbcTemplate(this.dataSource),
				new TransactionTemplate(new DataSourceTransactionManager(this.dataSource)),
				JsonMapper.builder().build(), properties);
		List<EmailRequest> emails = new ArrayList<>();
		for (int i = 0; i < 3 * CONNECTIONS; i++) {
			emails.add(new EmailRequest(List.of("user" + i + "@example.com"), null, null, null, "No. " + i, "x", null));
		}
		outbox.enqueueAll(emails);

		try (TestJobEngine.Running running = engine.start(Outbox.QUEUE, Duration.ofSeconds(10))) {
			await().until(() -> this.relay.waitingAtEndOfData() == CONNECTIONS);
			assertThat(this.relay.maxConnections()).isEqualTo(CONNECTIONS);
			assertThat(connections.open()).isEqualTo(CONNECTIONS);

			this.relay.releaseEndOfData();
			await()
				.until(() -> engine.queries().countByStatus(Outbox.QUEUE).get(JobStatus.SUCCEEDED) == 3 * CONNECTIONS);
		}
		assertThat(this.relay.messages()).hasSize(3 * CONNECTIONS);
		assertThat(this.relay.maxConnections()).as("kept across emails, never more than one per thread")
			.isEqualTo(CONNECTIONS);
	}

}
