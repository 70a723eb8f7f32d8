package dev.longhaul.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import dev.longhaul.support.TestClients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A client that sends its request headers a byte at a time (each byte well within
 * Tomcat's per-read timeout) loses the connection once the whole head has taken longer
 * than {@code longhaul.web.request-header-timeout}; other requests are served as usual.
 */
// A context of its own: close it after the class rather than keep its workers running.
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "longhaul.web.request-header-timeout=1s")
class SlowHeadersTest {

	@LocalServerPort
	int port;

	private final ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();

	@AfterEach
	void stopPacing() {
		this.pacer.shutdownNow();
	}

	@Test
	void aClientDribblingItsHeadersIsDisconnectedAfterTheBound() throws IOException {
		try (Socket socket = new Socket("localhost", this.port)) {
			OutputStream out = socket.getOutputStream();
			InputStream in = socket.getInputStream();
			byte[] head = ("GET /livez HTTP/1.1\r\nHost: localhost\r\nX-Slow: " + "x".repeat(10_000))
				.getBytes(StandardCharsets.US_ASCII);
			AtomicInteger sent = new AtomicInteger();
			// A byte every 100 ms: 10,000 bytes would take over 16 minutes to arrive.
			this.pacer.scheduleAtFixedRate(() -> {
				try {
					out.write(head[sent.getAndIncrement() % head.length]);
					out.flush();
				}
				catch (IOException ex) {
					throw new IllegalStateException("closed", ex);
				}
			}, 0, 100, TimeUnit.MILLISECONDS);
			long started = System.nanoTime();
			CompletableFuture<Integer> closed = CompletableFuture.supplyAsync(() -> {
				try {
					return in.read();
				}
				catch (IOException ex) {
					return -1;
				}
			});

			await().atMost(Duration.ofSeconds(10)).until(closed::isDone);

			assertThat(closed.join()).as("closed without a response").isEqualTo(-1);
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(900),
					Duration.ofSeconds(5));
			assertThat(sent.get()).isLessThan(60);
		}
		TestClients.as(this.port, null).get().uri("/livez").exchange().expectStatus().isOk();
	}

}
