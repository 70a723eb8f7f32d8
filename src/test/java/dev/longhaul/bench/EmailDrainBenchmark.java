package dev.longhaul.bench;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntSupplier;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.springframework.jdbc.core.simple.JdbcClient;

import dev.longhaul.email.EmailProperties;
import dev.longhaul.email.EmailRequest;
import dev.longhaul.email.Outbox;
import dev.longhaul.queue.JobQueries;
import dev.longhaul.queue.JobStatus;
import dev.longhaul.worker.LoopWorker;

/**
 * Scenarios 2 and 9: how fast emails leave.
 * <ul>
 * <li>{@link #rawLoop}: a plain JavaMail loop on one connection, the reference: one
 * connected {@link Transport}, a fresh {@link MimeMessage} per email with the content the
 * application sends, {@link Transport#sendMessage} each.</li>
 * <li>{@link #drain}: the running application's {@code email-sender} worker drains a
 * backlog. The worker is paused while the backlog is built through
 * {@link Outbox#enqueueAll} and resumed when the clock starts; the clock stops when every
 * email is SENT, at the last one's {@code finished_at}, written with the same clock.</li>
 * </ul>
 */
final class EmailDrainBenchmark {

	static final int CHUNK = 1000;

	static final String SUBJECT = "Benchmark email ";

	static final String TEXT = "Hello from the Longhaul benchmark.";

	/** Distinct recipients the benchmark's emails go to, in turn. */
	static final int RECIPIENTS = 100;

	private static final Duration TIMEOUT = Duration.ofMinutes(5);

	private static final Duration POLL = Duration.ofMillis(100);

	private EmailDrainBenchmark() {
	}

	/**
	 * Sends {@code warmUp} emails unmeasured, then {@code emails} measured, over one SMTP
	 * connection to 127.0.0.1.
	 * @param port the SMTP server's port
	 * @param emails emails measured
	 * @param warmUp emails sent first, on the same connection
	 * @return emails per second
	 */
	static double rawLoop(int port, int emails, int warmUp) {
		Properties properties = new Properties();
		properties.setProperty("mail.smtp.host", "127.0.0.1");
		properties.setProperty("mail.smtp.port", Integer.toString(port));
		properties.setProperty("mail.smtp.connectiontimeout", "10000");
		properties.setProperty("mail.smtp.timeout", "30000");
		properties.setProperty("mail.smtp.writetimeout", "30000");
		Session session = Session.getInstance(properties);
		try (Transport transport = session.getTransport("smtp")) {
			transport.connect("127.0.0.1", port, null, null);
			InternetAddress from = new InternetAddress(EmailProperties.defaults().from(), true);
			for (int i = 0; i < warmUp; i++) {
				send(transport, session, from, i);
			}
			long start = System.nanoTime();
			for (int i = 0; i < emails; i++) {
				send(transport, session, from, i);
			}
			return emails / ((System.nanoTime() - start) / 1e9);
		}
		catch (MessagingException ex) {
			throw new IllegalStateException("The raw JavaMail loop failed", ex);
		}
	}

	private static void send(Transport transport, Session session, InternetAddress from, int i)
			throws MessagingException {
		MimeMessage message = new MimeMessage(session);
		message.setFrom(from);
		message.setRecipient(Message.RecipientType.TO, new InternetAddress(recipient(i), true));
		message.setSubject(SUBJECT + i, "UTF-8");
		message.setText(TEXT, "UTF-8");
		message.setSentDate(new Date());
		message.saveChanges();
		transport.sendMessage(message, message.getAllRecipients());
	}

	/**
	 * Sends {@code warmUp} emails unmeasured, then measures a backlog of {@code emails}.
	 * @param application the running application
	 * @param emails backlog size
	 * @param warmUp emails sent first, to open the connections and warm up the JIT
	 * @param caught how many messages the SMTP server has received so far
	 * @return emails per second
	 */
	static double drain(RunningApplication application, int emails, int warmUp, IntSupplier caught) {
		Outbox outbox = application.bean(Outbox.class);
		JobQueries jobs = application.bean(JobQueries.class);
		LoopWorker sender = application.worker(Outbox.QUEUE);
		long sentBefore = jobs.countByStatus(Outbox.QUEUE).get(JobStatus.SUCCEEDED);
		int caughtBefore = caught.getAsInt();

		enqueue(outbox, warmUp);
		awaitSent(application, jobs, sentBefore + warmUp);

		sender.pause("benchmark: building the backlog");
		awaitRoundEnd(sender);
		JdbcClient jdbc = JdbcClient.create(application.dataSource());
		long lastWarmUpId = QueueDrainBenchmark.lastId(jdbc);
		enqueue(outbox, emails);
		Instant start = Clock.systemUTC().instant();
		sender.resume();
		sender.wake();
		awaitSent(application, jobs, sentBefore + warmUp + emails);
		// The clock stops at the last acknowledgement, written by the same clock.
		Instant end = QueueDrainBenchmark.lastFinished(jdbc, lastWarmUpId);
		double seconds = Duration.between(start, end).toNanos() / 1e9;
		int received = caught.getAsInt() - caughtBefore;
		if (received < warmUp + emails) {
			throw new IllegalStateException(
					"The SMTP server received " + received + " messages, expected " + (warmUp + emails));
		}
		return emails / seconds;
	}

	static EmailRequest email(int i) {
		return new EmailRequest(List.of(recipient(i)), null, null, null, SUBJECT + i, TEXT, null);
	}

	/**
	 * One of {@value #RECIPIENTS} addresses. GreenMail, the sink, keeps a mailbox per
	 * address and finds it by a linear search, so that a new address per email would make
	 * each message slower to receive than the last, and whichever sender goes second
	 * would be measured against a slower sink.
	 */
	static String recipient(int i) {
		return "reader" + (i % RECIPIENTS) + "@example.com";
	}

	private static void enqueue(Outbox outbox, int count) {
		List<EmailRequest> chunk = new ArrayList<>(CHUNK);
		for (int i = 0; i < count; i++) {
			chunk.add(email(i));
			if (chunk.size() == CHUNK || i == count - 1) {
				outbox.enqueueAll(chunk);
				chunk.clear();
			}
		}
	}

	/**
	 * Waits until the queue has no email left to send (a cheap count off the claim index,
	 * every {@link #POLL}), then checks that they were all sent.
	 */
	private static void awaitSent(RunningApplication application, JobQueries jobs, long expected) {
		JdbcClient jdbc = JdbcClient.create(application.dataSource());
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		while (jdbc.sql("SELECT COUNT(*) FROM jobs WHERE queue = ? AND status IN ('READY', 'RUNNING')")
			.param(Outbox.QUEUE)
			.query(Long.class)
			.single() > 0) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException(
						"Not all emails were sent within " + TIMEOUT + ": " + jobs.countByStatus(Outbox.QUEUE));
			}
			LockSupport.parkNanos(POLL.toNanos());
		}
		Map<JobStatus, Long> counts = jobs.countByStatus(Outbox.QUEUE);
		if (counts.get(JobStatus.SUCCEEDED) < expected) {
			throw new IllegalStateException("Emails failed: " + counts + ", expected " + expected + " SENT");
		}
	}

	private static void awaitRoundEnd(LoopWorker worker) {
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		while (worker.snapshot().roundInProgress()) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("The email sender's round did not end within " + TIMEOUT);
			}
			LockSupport.parkNanos(POLL.toNanos());
		}
	}

}
