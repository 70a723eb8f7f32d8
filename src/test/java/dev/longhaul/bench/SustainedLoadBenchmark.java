package dev.longhaul.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

import dev.longhaul.LonghaulApplication;
import dev.longhaul.support.FakeSmtpServer;
import dev.longhaul.support.JavaProcess;
import dev.longhaul.support.TestClients;

/**
 * Scenario 11: a sustained load of {@code POST /api/emails} at a fixed rate while the
 * email sender drains what it accepts, against the packaged application's classes in a
 * child JVM with a bounded heap, as production runs it: bcrypt passwords, development
 * mode off, mail to an SMTP server outside the process. The load is open: each request is
 * sent at its planned time whether or not earlier ones were answered, and its latency
 * counts from that time, so a stall shows in the latencies instead of slowing the load
 * down. Every {@link #SAMPLE} the benchmark reads the application's own metrics (heap,
 * connection pool, queue) from {@code /actuator/prometheus}.
 */
final class SustainedLoadBenchmark {

	/** The child's heap. */
	static final String CHILD_HEAP = "-Xmx512m";

	static final Duration SAMPLE = Duration.ofSeconds(5);

	private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

	private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(5);

	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

	/**
	 * Requests sent before the load, by {@link #WARM_UP_CLIENTS} clients one at a time.
	 */
	static final int WARM_UP_REQUESTS = 2_000;

	static final int WARM_UP_CLIENTS = 8;

	/** A class histogram's line: rank, instances, bytes, class name (module). */
	private static final Pattern HISTOGRAM_LINE = Pattern.compile("(?m)^\\s*\\d+:\\s+\\d+\\s+(\\d+)\\s+(\\S+)");

	private static final String ADMIN_PASSWORD = "bench-admin-password";

	private static final String OPERATOR_PASSWORD = "bench-operator-password";

	private SustainedLoadBenchmark() {
	}

	/**
	 * Runs the application in a child JVM on the given database, offers the load, then
	 * waits until every accepted email is sent.
	 * @param url the JDBC URL
	 * @param user the database user
	 * @param password its password
	 * @param directory the child's working directory
	 * @param rate requests per second
	 * @param duration how long the load lasts
	 * @return what was measured
	 */
	static Result run(String url, String user, String password, Path directory, int rate, Duration duration)
			throws IOException, InterruptedException {
		try (FakeSmtpServer smtp = new FakeSmtpServer()) {
			int port = freePort();
			BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder();
			List<String> arguments = new ArrayList<>(List.of("-cp", RecoveryBenchmark.absoluteClassPath(), CHILD_HEAP,
					LonghaulApplication.class.getName(), "--server.port=" + port, "--server.address=127.0.0.1",
					"--spring.datasource.url=" + url, "--spring.datasource.username=" + user,
					"--spring.datasource.password=" + password, "--spring.main.banner-mode=off",
					"--logging.level.root=WARN", "--longhaul.dev-mode=false", "--spring.mail.host=127.0.0.1",
					"--spring.mail.port=" + smtp.port(),
					// A list given on the command line replaces the test
					// configuration's
					// whole list, so each user is given in full.
					"--longhaul.security.users[0].name=admin", "--longhaul.security.users[0].role=admin",
					"--longhaul.security.users[1].name=operator", "--longhaul.security.users[1].role=operator",
					"--longhaul.security.users[0].password={bcrypt}" + bcrypt.encode(ADMIN_PASSWORD),
					"--longhaul.security.users[1].password={bcrypt}" + bcrypt.encode(OPERATOR_PASSWORD)));
			try (JavaProcess child = JavaProcess.start(directory, arguments)) {
				HttpClient http = HttpClient.newBuilder()
					.version(HttpClient.Version.HTTP_1_1)
					.connectTimeout(Duration.ofSeconds(5))
					.build();
				String base = "http://127.0.0.1:" + port;
				awaitUntil("the application to be ready", START_TIMEOUT, () -> {
					if (!child.process().isAlive()) {
						throw new IllegalStateException("The application died at start-up:\n" + child.output());
					}
					return status(http, base + "/readyz") == 200;
				});
				URI emails = URI.create(base + "/api/emails");
				// The JIT, the pools and the credential cache warm up first, as in an
				// instance that has served a while; the load is measured after.
				warmUp(http, emails);
				// The load starts once the warm-up's emails are sent, so that its first
				// minute does not also carry their backlog.
				awaitUntil("the warm-up's emails to be sent", DRAIN_TIMEOUT, () -> {
					String text = scrape(http, base);
					return metric(text, "longhaul_email_sent_total", "") >= WARM_UP_REQUESTS && emailQueueEmpty(text);
				});
				Map<String, Long> histogramBefore = classHistogram(child.process().pid());
				double liveBefore = liveHeapMib(http, base);
				Load load = new Load(http, emails, rate);
				List<Sample> samples = new ArrayList<>();
				ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
				long started = System.nanoTime();
				sampler.scheduleAtFixedRate(() -> {
					Sample sample = sample(http, base, (System.nanoTime() - started) / 1e9, load);
					synchronized (samples) {
						samples.add(sample);
					}
				}, 0, SAMPLE.toMillis(), TimeUnit.MILLISECONDS);
				load.offer(started, duration);
				long accepted = load.accepted.get();
				// The server may have accepted a request the client gave up on: the queue
				// is drained when no email waits or runs.
				awaitUntil("every accepted email to be sent", DRAIN_TIMEOUT, () -> {
					String text = scrape(http, base);
					return metric(text, "longhaul_email_sent_total", "") >= accepted + WARM_UP_REQUESTS
							&& emailQueueEmpty(text);
				});
				double drained = (System.nanoTime() - started) / 1e9 - duration.toSeconds();
				sampler.shutdown();
				sampler.awaitTermination(1, TimeUnit.MINUTES);
				Map<String, Long> histogramAfter = classHistogram(child.process().pid());
				double liveAfter = liveHeapMib(http, base);
				boolean errorLines = child.output().lines().anyMatch((line) -> line.contains(" ERROR "));
				return new Result(rate, duration, load.sent.get(), accepted, load.errors(),
						Latencies.ofNanos(load.latencies()), load.perMinute(), List.copyOf(samples), drained,
						smtp.messages().size() - WARM_UP_REQUESTS, errorLines, liveBefore, liveAfter,
						grewMost(histogramBefore, histogramAfter, 5));
			}
		}
	}

	/**
	 * The bytes each class holds after a full collection ({@code jcmd <pid>
	 * GC.class_histogram}, which collects first): what is live, unlike a sample taken at
	 * any moment, which holds garbage the collector has not yet reclaimed. Taken only
	 * before and after the load, since a full collection pauses the application.
	 */
	static Map<String, Long> classHistogram(long pid) throws InterruptedException {
		Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
		try {
			Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.class_histogram")
				.redirectErrorStream(true)
				.start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(1, TimeUnit.MINUTES) || process.exitValue() != 0) {
				throw new IllegalStateException("jcmd " + pid + " GC.class_histogram failed:\n" + output);
			}
			return parseHistogram(output);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot run " + jcmd, ex);
		}
	}

	/**
	 * Reads the lines {@code "   1:   12345   678901  [B (java.base@17)"} of a class
	 * histogram into bytes by class name.
	 */
	static Map<String, Long> parseHistogram(String output) {
		Map<String, Long> bytes = new HashMap<>();
		Matcher line = HISTOGRAM_LINE.matcher(output);
		while (line.find()) {
			bytes.merge(line.group(2), Long.parseLong(line.group(1)), Long::sum);
		}
		return bytes;
	}

	/**
	 * The classes whose live bytes grew most between two histograms, largest first, as
	 * {@code "name +1.2"} in MiB.
	 */
	static List<String> grewMost(Map<String, Long> before, Map<String, Long> after, int count) {
		return after.entrySet()
			.stream()
			.map((entry) -> Map.entry(entry.getKey(), entry.getValue() - before.getOrDefault(entry.getKey(), 0L)))
			.filter((entry) -> entry.getValue() > 0)
			.sorted(Map.Entry.<String, Long>comparingByValue().reversed())
			.limit(count)
			.map((entry) -> String.format("%s +%.1f", entry.getKey(), entry.getValue() / (double) (1 << 20)))
			.toList();
	}

	private static double liveHeapMib(HttpClient http, String base) throws InterruptedException {
		return metric(scrape(http, base), "jvm_memory_used_bytes", "area=\"heap\"") / (1 << 20);
	}

	private static void warmUp(HttpClient http, URI emails) throws InterruptedException {
		List<Thread> threads = new ArrayList<>();
		AtomicLong left = new AtomicLong(WARM_UP_REQUESTS);
		AtomicLong failed = new AtomicLong();
		for (int c = 0; c < WARM_UP_CLIENTS; c++) {
			Thread thread = new Thread(() -> {
				while (left.getAndDecrement() > 0) {
					try {
						if (http.send(email(emails, -1), HttpResponse.BodyHandlers.discarding()).statusCode() != 202) {
							failed.incrementAndGet();
						}
					}
					catch (IOException ex) {
						failed.incrementAndGet();
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
						return;
					}
				}
			}, "bench-warm-up-" + c);
			threads.add(thread);
			thread.start();
		}
		for (Thread thread : threads) {
			thread.join();
		}
		if (failed.get() > 0) {
			throw new IllegalStateException(failed.get() + " of the warm-up's requests failed");
		}
	}

	static HttpRequest email(URI emails, long i) {
		String body = "{\"to\":[\"reader" + Math.floorMod(i, 100) + "@example.com\"],\"subject\":\"Load " + i + "\","
				+ "\"text\":\"Hello from the Longhaul sustained-load benchmark.\"}";
		return HttpRequest.newBuilder(emails)
			.timeout(REQUEST_TIMEOUT)
			.header("Content-Type", "application/json")
			.header("Authorization", TestClients.basic("operator", OPERATOR_PASSWORD))
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
	}

	private static Sample sample(HttpClient http, String base, double second, Load load) {
		try {
			String text = scrape(http, base);
			return new Sample(second, metric(text, "jvm_memory_used_bytes", "area=\"heap\"") / (1 << 20),
					metric(text, "jvm_memory_used_bytes", "id=\"G1 Old Gen\"") / (1 << 20),
					metric(text, "hikaricp_connections_active", ""), metric(text, "hikaricp_connections_pending", ""),
					metric(text, "hikaricp_connections_max", ""),
					metric(text, "longhaul_queue_jobs", "queue=\"email\",status=\"ready\""),
					metric(text, "tomcat_threads_busy_threads", ""),
					metric(text, "tomcat_sessions_active_current_sessions", ""), load.errors(), false);
		}
		catch (RuntimeException ex) {
			return new Sample(second, 0, 0, 0, 0, 0, 0, 0, 0, load.errors(), true);
		}
	}

	private static String scrape(HttpClient http, String base) {
		HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/actuator/prometheus"))
			.timeout(REQUEST_TIMEOUT)
			.header("Authorization", TestClients.basic("admin", ADMIN_PASSWORD))
			.build();
		try {
			HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				throw new IllegalStateException("GET /actuator/prometheus answered " + response.statusCode());
			}
			return response.body();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The sum of a metric's samples whose labels contain the given text.
	 */
	static double metric(String prometheus, String name, String labels) {
		Pattern line = Pattern.compile("^" + Pattern.quote(name) + "(\\{[^}]*\\})? (\\S+)$", Pattern.MULTILINE);
		Matcher matcher = line.matcher(prometheus);
		double sum = 0;
		while (matcher.find()) {
			String found = (matcher.group(1) != null) ? matcher.group(1) : "";
			if (found.contains(labels)) {
				sum += Double.parseDouble(matcher.group(2));
			}
		}
		return sum;
	}

	private static int status(HttpClient http, String uri) {
		try {
			return http
				.send(HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(5)).build(),
						HttpResponse.BodyHandlers.discarding())
				.statusCode();
		}
		catch (IOException ex) {
			return -1;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return -1;
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private static boolean emailQueueEmpty(String prometheus) {
		return metric(prometheus, "longhaul_queue_jobs", "queue=\"email\",status=\"ready\"")
				+ metric(prometheus, "longhaul_queue_jobs", "queue=\"email\",status=\"running\"") == 0;
	}

	private static void awaitUntil(String what, Duration timeout, BooleanSupplier condition) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Timed out after " + timeout + " waiting for " + what);
			}
			LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
		}
	}

	/**
	 * The open load: one request per {@code 1/rate} seconds, each at its planned time.
	 */
	private static final class Load {

		private final HttpClient http;

		private final URI uri;

		private final int rate;

		private final AtomicLong sent = new AtomicLong();

		private final AtomicLong accepted = new AtomicLong();

		private final Map<String, AtomicLong> errors = new ConcurrentHashMap<>();

		private final ConcurrentLinkedQueue<long[]> answered = new ConcurrentLinkedQueue<>();

		private long started;

		Load(HttpClient http, URI uri, int rate) {
			this.http = http;
			this.uri = uri;
			this.rate = rate;
		}

		void offer(long started, Duration duration) throws InterruptedException {
			this.started = started;
			long interval = 1_000_000_000L / this.rate;
			long requests = duration.toSeconds() * this.rate;
			List<CompletableFuture<Void>> pending = new ArrayList<>();
			for (long i = 0; i < requests; i++) {
				long planned = started + i * interval;
				long wait = planned - System.nanoTime();
				if (wait > 0) {
					LockSupport.parkNanos(wait);
				}
				pending.add(send(planned, i));
				this.sent.incrementAndGet();
				if (pending.size() >= 10_000) {
					pending.removeIf(CompletableFuture::isDone);
				}
			}
			CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
				.orTimeout(REQUEST_TIMEOUT.toSeconds() * 2, TimeUnit.SECONDS)
				.exceptionally((ex) -> null)
				.join();
		}

		private CompletableFuture<Void> send(long planned, long i) {
			return this.http.sendAsync(email(this.uri, i), HttpResponse.BodyHandlers.discarding())
				.handle((response, failure) -> {
					long end = System.nanoTime();
					if (failure != null) {
						Throwable cause = (failure.getCause() != null) ? failure.getCause() : failure;
						error(cause.getClass().getSimpleName());
					}
					else if (response.statusCode() != 202) {
						error("HTTP " + response.statusCode());
					}
					else {
						this.accepted.incrementAndGet();
					}
					this.answered.add(new long[] { planned - this.started, end - planned });
					return null;
				});
		}

		private void error(String kind) {
			this.errors.computeIfAbsent(kind, (k) -> new AtomicLong()).incrementAndGet();
		}

		Map<String, Long> errors() {
			Map<String, Long> copy = new TreeMap<>();
			this.errors.forEach((kind, count) -> copy.put(kind, count.get()));
			return copy;
		}

		long[] latencies() {
			return this.answered.stream().mapToLong((pair) -> pair[1]).toArray();
		}

		/** Latencies by the minute their request was planned in. */
		List<Latencies> perMinute() {
			Map<Long, List<Long>> byMinute = new TreeMap<>();
			for (long[] pair : this.answered) {
				byMinute.computeIfAbsent(pair[0] / 60_000_000_000L, (m) -> new ArrayList<>()).add(pair[1]);
			}
			return byMinute.values()
				.stream()
				.map((values) -> Latencies.ofNanos(values.stream().mapToLong(Long::longValue).toArray()))
				.toList();
		}

	}

	/**
	 * The application's state at one moment.
	 *
	 * @param second seconds since the load started
	 * @param heapMib heap used
	 * @param oldGenMib of which the old generation
	 * @param poolActive connections in use
	 * @param poolPending threads waiting for a connection
	 * @param poolMax the pool's size
	 * @param emailsReady emails waiting to be sent
	 * @param tomcatBusy busy request threads
	 * @param sessions HTTP sessions held
	 * @param errors the load's errors so far
	 * @param failed whether the metrics could not be read
	 */
	record Sample(double second, double heapMib, double oldGenMib, double poolActive, double poolPending,
			double poolMax, double emailsReady, double tomcatBusy, double sessions, Map<String, Long> errors,
			boolean failed) {
	}

	/**
	 * The outcome of one run.
	 *
	 * @param rate requests per second offered
	 * @param duration how long
	 * @param sent requests sent
	 * @param accepted requests answered 202
	 * @param errors other answers and failures, by kind
	 * @param latencies all requests' latencies from their planned time
	 * @param perMinute the same by minute
	 * @param samples the application's metrics over time
	 * @param drainSeconds seconds from the end of the load until every accepted email was
	 * sent
	 * @param received messages the SMTP server received
	 * @param errorLines whether the application logged an ERROR line
	 * @param liveBeforeMib heap after a full collection, after the warm-up
	 * @param liveAfterMib heap after a full collection, once every email was sent
	 * @param grewMost the classes whose live bytes grew most between the two, largest
	 * first ({@code "name +MiB"})
	 */
	record Result(int rate, Duration duration, long sent, long accepted, Map<String, Long> errors, Latencies latencies,
			List<Latencies> perMinute, List<Sample> samples, double drainSeconds, int received, boolean errorLines,
			double liveBeforeMib, double liveAfterMib, List<String> grewMost) {

		long errorCount() {
			return this.errors.values().stream().mapToLong(Long::longValue).sum();
		}

		/**
		 * One figure per minute of the load, such as the lowest heap sample in each
		 * minute (after a collection, roughly what is live).
		 */
		List<Double> perMinute(java.util.function.ToDoubleFunction<Sample> value, boolean lowest) {
			Map<Long, List<Double>> byMinute = new TreeMap<>();
			for (Sample sample : this.samples) {
				long minute = (long) (sample.second() / 60);
				if (!sample.failed() && minute < Math.max(1, this.duration.toMinutes())) {
					byMinute.computeIfAbsent(minute, (m) -> new ArrayList<>()).add(value.applyAsDouble(sample));
				}
			}
			return byMinute.values()
				.stream()
				.map((values) -> lowest ? values.stream().mapToDouble(Double::doubleValue).min().orElse(0)
						: values.stream().mapToDouble(Double::doubleValue).max().orElse(0))
				.toList();
		}

	}

}
