package dev.longhaul.queue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import dev.longhaul.LonghaulApplication;
import dev.longhaul.email.EmailRequest;
import dev.longhaul.email.Outbox;
import dev.longhaul.support.TcpProxy;
import dev.longhaul.support.TestDatabases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * PostgreSQL cut in the middle of a 2,000-email drain (its network link reset, then every
 * packet dropped): readiness answers 503 at once, the emails sent while the database is
 * away keep their acknowledgements until it returns, and once it does every email is sent
 * exactly once within seconds, not after a lease.
 */
class DatabaseOutageIntegrationTest {

	private static final int EMAILS = 2_000;

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@Test
	void anOutageOfTheDatabaseLosesNoAcknowledgementAndCostsNoLeaseWait() throws Exception {
		String url = TestDatabases.newPostgresDatabase();
		Matcher server = Pattern.compile("jdbc:postgresql://([^:/]+):(\\d+)/").matcher(url);
		assertThat(server.find()).as(url).isTrue();
		GreenMail smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
		smtp.start();
		try (TcpProxy proxy = new TcpProxy(server.group(1), Integer.parseInt(server.group(2)));
				ConfigurableApplicationContext app = new SpringApplicationBuilder(LonghaulApplication.class).run(
						"--server.port=0", "--spring.jmx.enabled=false",
						"--spring.datasource.url="
								+ server.replaceFirst("jdbc:postgresql://127.0.0.1:" + proxy.port() + "/"),
						"--spring.datasource.username=" + TestDatabases.user(),
						"--spring.datasource.password=" + TestDatabases.password(), "--spring.mail.host=127.0.0.1",
						"--spring.mail.port=" + smtp.getSmtp().getPort(), "--longhaul.email.max-per-second=200")) {
			int port = ((WebServerApplicationContext) app).getWebServer().getPort();
			MeterRegistry meters = app.getBean(MeterRegistry.class);
			enqueue(app.getBean(Outbox.class));
			await().atMost(Duration.ofSeconds(60)).until(() -> smtp.getReceivedMessages().length >= 300);

			proxy.cut();

			long asked = System.nanoTime();
			HttpResponse<String> ready = get(port, "/readyz");
			long answeredMillis = (System.nanoTime() - asked) / 1_000_000;
			System.out.printf("database outage: /readyz answered %d in %d ms%n", ready.statusCode(), answeredMillis);
			assertThat(ready.statusCode()).isEqualTo(503);
			assertThat(answeredMillis).as("readiness answers at once, not after the pool's timeout").isLessThan(5_000);
			assertThat(get(port, "/readyz").statusCode()).isEqualTo(503);
			assertThat(get(port, "/livez").statusCode()).as("an outage of the database is no reason to restart")
				.isEqualTo(200);
			await().atMost(Duration.ofSeconds(60)).until(() -> pending(meters) > 0);
			int sentDuringOutage = smtp.getReceivedMessages().length;

			proxy.restore();
			long restored = System.nanoTime();

			await().atMost(Duration.ofSeconds(60)).until(() -> succeeded(app) == EMAILS);
			System.out.printf(
					"database outage: %d emails sent before the cut ended, all %d acknowledged %d ms after "
							+ "the database returned%n",
					sentDuringOutage, EMAILS, (System.nanoTime() - restored) / 1_000_000);
			await().until(() -> get(port, "/readyz").statusCode() == 200);
			assertThat(app.getBean(JobQueries.class).countByStatus(Outbox.QUEUE).get(JobStatus.RUNNING)).isZero();
			MimeMessage[] received = smtp.getReceivedMessages();
			assertThat(received).as("nothing sent twice").hasSize(EMAILS);
			assertThat(Arrays.stream(received).map(DatabaseOutageIntegrationTest::messageId).distinct())
				.hasSize(EMAILS);
		}
		finally {
			smtp.stop();
		}
	}

	private static void enqueue(Outbox outbox) {
		List<EmailRequest> emails = new ArrayList<>();
		for (int i = 0; i < EMAILS; i++) {
			emails.add(new EmailRequest(List.of("user" + i + "@example.com"), null, null, null, "No. " + i, "x", null));
		}
		for (int i = 0; i < EMAILS; i += 1000) {
			outbox.enqueueAll(emails.subList(i, i + 1000));
		}
	}

	private static double pending(MeterRegistry meters) {
		return meters.get("longhaul.jobs.acknowledgements.pending").gauge().value();
	}

	private static long succeeded(ConfigurableApplicationContext app) {
		try {
			return app.getBean(JobQueries.class).countByStatus(Outbox.QUEUE).get(JobStatus.SUCCEEDED);
		}
		catch (RuntimeException ex) {
			return -1;
		}
	}

	private static HttpResponse<String> get(int port, String path) throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
			.timeout(Duration.ofSeconds(30))
			.GET()
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String messageId(MimeMessage message) {
		try {
			return message.getMessageID();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
