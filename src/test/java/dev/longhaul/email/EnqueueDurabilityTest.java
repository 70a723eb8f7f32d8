package dev.longhaul.email;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.PropertiesLoaderUtils;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

import dev.longhaul.LonghaulApplication;
import dev.longhaul.support.JavaProcess;
import dev.longhaul.support.TestClients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An acknowledged enqueue is never lost: the application, on its shipped default database
 * settings (an H2 file), is killed with SIGKILL while clients enqueue concurrently, and
 * every email it answered 202 for is in the database.
 */
class EnqueueDurabilityTest {

	private static final Pattern PORT = Pattern.compile("Tomcat started on port (\\d+)");

	@Test
	void everyAcknowledgedEmailSurvivesKillDashNine(@TempDir Path dir) throws Exception {
		String url = PropertiesLoaderUtils.loadProperties(new ClassPathResource("application.properties"))
			.getProperty("spring.datasource.url");
		assertThat(url).startsWith("jdbc:h2:file:./data/").contains("WRITE_DELAY=0");
		Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
		AtomicBoolean killed = new AtomicBoolean();
		ExecutorService clients = Executors.newFixedThreadPool(8);
		try (JavaProcess app = JavaProcess.start(dir,
				List.of("-cp", JavaProcess.testClassPath(), "-Xmx512m", LonghaulApplication.class.getName(),
						"--server.port=0", "--spring.datasource.url=" + url, "--spring.datasource.username=sa",
						"--longhaul.workers.email-sender.enabled=false"))) {
			int port = await().atMost(Duration.ofMinutes(2))
				.until(() -> portOf(app), (found) -> found > 0 || !app.process().isAlive());
			assertThat(port).as(app.output()).isPositive();
			RestTestClient admin = TestClients.as(port, "admin");
			for (int c = 0; c < 8; c++) {
				clients.submit(() -> {
					for (int i = 0; i < 100_000 && !killed.get(); i++) {
						try {
							EntityExchangeResult<String> response = admin.post()
								.uri("/api/emails")
								.contentType(MediaType.APPLICATION_JSON)
								.body("{\"to\": [\"user" + i + "@example.com\"], \"text\": \"durable\"}")
								.exchange()
								.returnResult(String.class);
							if (response.getStatus().value() == 202) {
								acknowledged.add(EmailApiIntegrationTest.idOf(response.getResponseBody()));
							}
						}
						catch (RuntimeException ex) {
							// the server is gone
						}
					}
				});
			}
			await().atMost(Duration.ofMinutes(1)).until(() -> acknowledged.size() >= 500);

			app.kill();
			killed.set(true);
		}
		finally {
			clients.shutdown();
			assertThat(clients.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
		}

		String file = url.replace("jdbc:h2:file:./", "jdbc:h2:file:" + dir.toAbsolutePath() + "/");
		JdbcClient jdbc = JdbcClient.create(new DriverManagerDataSource(file, "sa", ""));
		List<Long> stored = jdbc.sql("SELECT id FROM jobs WHERE queue = 'email'").query(Long.class).list();
		List<Long> lost = new ArrayList<>(acknowledged);
		lost.removeAll(stored);
		System.out.printf("kill -9 durability: %d acknowledged, %d stored, %d lost%n", acknowledged.size(),
				stored.size(), lost.size());
		assertThat(lost).isEmpty();
	}

	private static int portOf(JavaProcess process) {
		Matcher matcher = PORT.matcher(process.output());
		return matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
	}

}
