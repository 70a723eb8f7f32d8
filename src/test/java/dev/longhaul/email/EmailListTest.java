package dev.longhaul.email;

import java.time.Clock;
import java.util.List;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.longhaul.queue.JobContext;
import dev.longhaul.queue.JobHandler;
import dev.longhaul.queue.JobOptions;
import dev.longhaul.queue.JobOutcome;
import dev.longhaul.queue.QueueProperties;
import dev.longhaul.queue.TestJobEngine;
import dev.longhaul.support.RecordingDataSource;
import dev.longhaul.support.TestDatabases;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The email list reads recipients and subjects from their summaries, never a payload
 * (bodies up to 1 MB), on H2 and PostgreSQL.
 */
class EmailListTest {

	private HikariDataSource database;

	private RecordingDataSource recording;

	private TestJobEngine engine;

	private Outbox outbox;

	@AfterEach
	void close() {
		this.database.close();
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "h2", "postgresql" })
	void listShowsWhatFindShowsWithoutSelectingAnyPayload(String database) {
		start(database);
		long big = this.outbox
			.enqueue(new EmailRequest(List.of("Ada <ada@example.com>"), List.of("cc@example.com"),
					List.of("bcc@example.com"), null, "Big", "x".repeat(1_000_000), null), null)
			.job()
			.id();
		List<Long> batch = this.outbox.enqueueAll(List.of(email("b@example.com", "One"), email("c@example.com", null)))
			.stream()
			.map((enqueued) -> enqueued.job().id())
			.toList();
		this.recording.clear();

		EmailPage page = this.outbox.list(null, 0, 20);
		EmailPage queued = this.outbox.list(EmailStatus.QUEUED, 0, 1);

		List<String> statements = this.recording.statements();
		assertThat(statements).isNotEmpty().noneMatch((sql) -> sql.toLowerCase().contains("payload"));
		assertThat(page.total()).isEqualTo(3);
		assertThat(page.items()).containsExactly(find(batch.get(1)), find(batch.get(0)), find(big));
		assertThat(page.items().get(2).to()).containsExactly("Ada <ada@example.com>");
		assertThat(page.items().get(2).bcc()).containsExactly("bcc@example.com");
		assertThat(queued.items()).containsExactly(find(batch.get(1)));
		assertThat(queued.total()).isEqualTo(3);
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "h2", "postgresql" })
	void emailStoredWithoutASummaryIsListedFromItsPayload(String database) {
		start(database);
		// as emails stored before summaries existed
		long old = this.engine.client()
			.enqueue(EmailSender.TYPE, email("old@example.com", "Old"), JobOptions.DEFAULTS)
			.job()
			.id();
		long recent = this.outbox.enqueue(email("new@example.com", "New"), null).job().id();

		EmailPage page = this.outbox.list(null, 0, 20);

		assertThat(page.items()).containsExactly(find(recent), find(old));
		assertThat(page.items().get(1).subject()).isEqualTo("Old");
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "h2", "postgresql" })
	void summaryGoesWithItsJob(String database) {
		start(database);
		long id = this.outbox.enqueue(email("a@example.com", "Bye"), null).job().id();
		JdbcTemplate jdbc = new JdbcTemplate(this.recording.dataSource());

		jdbc.update("DELETE FROM jobs WHERE id = ?", id);

		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM email_summaries", Long.class)).isZero();
	}

	private EmailView find(long id) {
		return this.outbox.find(id).orElseThrow();
	}

	private void start(String database) {
		this.database = database.equals("h2") ? TestDatabases.h2() : TestDatabases.postgres();
		this.recording = new RecordingDataSource(this.database);
		DataSource source = this.recording.dataSource();
		this.engine = new TestJobEngine(source, Clock.systemUTC(), "instance-a", QueueProperties.defaults(),
				new NotSent());
		this.outbox = new Outbox(this.engine.client(), this.engine.queries(), new JdbcTemplate(source),
				new TransactionTemplate(new DataSourceTransactionManager(source)), JsonMapper.builder().build(),
				EmailProperties.defaults());
	}

	private static EmailRequest email(String to, String subject) {
		return new EmailRequest(List.of(to), null, null, null, subject, "Hello", null);
	}

	/** The email type, never run here. */
	static final class NotSent implements JobHandler<EmailRequest> {

		@Override
		public String type() {
			return EmailSender.TYPE;
		}

		@Override
		public JobOutcome run(JobContext<EmailRequest> job) {
			throw new UnsupportedOperationException("not sent in this test");
		}

	}

}
