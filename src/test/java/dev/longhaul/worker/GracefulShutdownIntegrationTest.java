package dev.longhaul.worker;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.longhaul.LonghaulApplication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The shutdown timeline: the web server goes first, then workers finish their rounds
 * while the database is still there, then one summary line.
 */
@ExtendWith(OutputCaptureExtension.class)
class GracefulShutdownIntegrationTest {

	static final CountDownLatch inRound = new CountDownLatch(1);

	static final CountDownLatch release = new CountDownLatch(1);

	static final AtomicReference<Integer> queryInRound = new AtomicReference<>();

	@Test
	void closingTheContextStopsTheWebServerFirstThenLetsTheRoundFinishWithTheDatabase(CapturedOutput output)
			throws Exception {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(LonghaulApplication.class,
				BlockingWorker.class)
			.run("--server.port=0", "--spring.jmx.enabled=false");
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		LoopWorker worker = context.getBean("blocking", LoopWorker.class);
		assertThat(inRound.await(10, TimeUnit.SECONDS)).isTrue();

		CompletableFuture<Void> closed = CompletableFuture.runAsync(context::close);

		await().atMost(Duration.ofSeconds(20)).until(() -> !accepts(port));
		assertThat(closed).isNotDone();
		assertThat(worker.state()).isEqualTo(WorkerState.STOPPING);
		release.countDown();
		closed.get(20, TimeUnit.SECONDS);
		assertThat(queryInRound.get()).isEqualTo(1);
		assertThat(worker.state()).isEqualTo(WorkerState.STOPPED);
		assertThat(worker.wasInterruptedAtStop()).isFalse();
		assertThat(output.getOut())
			.containsPattern("Workers stopped: blocking \\d+ ms, .*; failed before shutdown: none; interrupted: none");
	}

	private static boolean accepts(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("localhost", port), 500);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * Lite {@code @Bean} class, so component scanning in other tests' contexts does not
	 * pick it up.
	 */
	static class BlockingWorker {

		@Bean
		LoopWorker blocking(WorkerFactory workers, JdbcTemplate jdbc) {
			return workers.loop("blocking", WorkerSettings.loop(Duration.ofHours(1)), (stop) -> {
				inRound.countDown();
				release.await();
				queryInRound.set(jdbc.queryForObject("SELECT 1", Integer.class));
				return RoundResult.IDLE;
			});
		}

	}

}
