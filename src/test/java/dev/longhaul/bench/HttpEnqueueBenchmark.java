package dev.longhaul.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

import dev.longhaul.support.TestClients;

/**
 * Scenario 4: {@code POST /api/emails} requests per second against the running
 * application, from N concurrent senders over loopback, each sending one valid email at a
 * time. The email sender worker runs meanwhile and sends what they enqueue, as in
 * production.
 */
final class HttpEnqueueBenchmark {

	private static final Duration WARM_UP = Duration.ofSeconds(2);

	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

	private HttpEnqueueBenchmark() {
	}

	/**
	 * Sends for a warm-up, then for {@code duration}, measuring only the latter.
	 * @param port the application's port on 127.0.0.1
	 * @param clients concurrent senders
	 * @param duration how long to measure
	 * @return the rate and latencies
	 */
	static Result run(int port, int clients, Duration duration) throws InterruptedException {
		URI uri = URI.create("http://127.0.0.1:" + port + "/api/emails");
		HttpClient http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
		long measureFrom = System.nanoTime() + WARM_UP.toNanos();
		long measureUntil = measureFrom + duration.toNanos();
		AtomicLong errors = new AtomicLong();
		Queue<long[]> measured = new ConcurrentLinkedQueue<>();
		Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
		List<Thread> threads = new ArrayList<>();
		for (int c = 0; c < clients; c++) {
			int client = c;
			Thread thread = new Thread(() -> {
				try {
					measured.add(send(http, uri, client, measureFrom, measureUntil, errors));
				}
				catch (IOException | RuntimeException ex) {
					failures.add(ex);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}, "bench-http-" + c);
			threads.add(thread);
			thread.start();
		}
		for (Thread thread : threads) {
			thread.join(WARM_UP.plus(duration).plus(REQUEST_TIMEOUT).toMillis());
		}
		if (!failures.isEmpty()) {
			throw new IllegalStateException("An HTTP sender failed", failures.peek());
		}
		long[] all = measured.stream().flatMapToLong(Arrays::stream).toArray();
		return new Result(all.length / (duration.toNanos() / 1e9), Latencies.ofNanos(all), errors.get());
	}

	private static long[] send(HttpClient http, URI uri, int client, long measureFrom, long measureUntil,
			AtomicLong errors) throws IOException, InterruptedException {
		long[] latencies = new long[1024];
		int count = 0;
		for (int i = 0;; i++) {
			long start = System.nanoTime();
			if (start >= measureUntil) {
				return Arrays.copyOf(latencies, count);
			}
			String body = "{\"to\":[\"reader" + client + "-" + i + "@example.com\"],\"subject\":\"Benchmark\","
					+ "\"text\":\"Hello from the Longhaul benchmark.\"}";
			HttpRequest request = HttpRequest.newBuilder(uri)
				.timeout(REQUEST_TIMEOUT)
				.header("Content-Type", "application/json")
				// The test users of src/test/resources/config/application.properties
				// apply to the benchmark too.
				.header("Authorization", TestClients.basic("operator", TestClients.password("operator")))
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build();
			HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
			long end = System.nanoTime();
			if (response.statusCode() != 202) {
				errors.incrementAndGet();
			}
			else if (start >= measureFrom && end <= measureUntil) {
				if (count == latencies.length) {
					latencies = Arrays.copyOf(latencies, count * 2);
				}
				latencies[count++] = end - start;
			}
		}
	}

	/**
	 * The outcome of one run.
	 *
	 * @param requestsPerSecond accepted requests (202) per second in the measured window
	 * @param latencies their latencies
	 * @param errors responses other than 202, warm-up included
	 */
	record Result(double requestsPerSecond, Latencies latencies, long errors) {
	}

}
