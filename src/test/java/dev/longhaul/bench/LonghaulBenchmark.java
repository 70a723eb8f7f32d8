package dev.longhaul.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import ch.qos.logback.classic.Level;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.longhaul.email.DevMailServer;
import dev.longhaul.email.EmailProperties;
import dev.longhaul.support.FakeSmtpServer;

/**
 * Runs the Longhaul benchmark on H2 and PostgreSQL and prints one table; each aim of the
 * job engine is a ratio against a reference measured in the same run on the same
 * database:
 * <ol>
 * <li>no-op jobs per second through the engine (the running application, a registered
 * no-op handler) against the raw SQL limit (plain JDBC claiming 50 with
 * {@code SKIP LOCKED} and deleting them);</li>
 * <li>emails per second sent by the application against a plain JavaMail loop on one
 * connection, to the same embedded SMTP sink;</li>
 * <li>enqueue-to-start latency through the engine, with an idle executor;</li>
 * <li>{@code POST /api/emails} requests per second;</li>
 * <li>enqueues per second with a durable commit and without;</li>
 * <li>no-op jobs per second drained by 1, 2 and 3 application instances on one PostgreSQL
 * database (PostgreSQL only);</li>
 * <li>enqueue-to-start latency across instances, woken by NOTIFY (PostgreSQL only);</li>
 * <li>CSV profiling rate against the raw parse rate of the same parser, and peak RSS, on
 * a generated file in child JVMs with a 256 MB heap (no database);</li>
 * <li>emails per second through a slow SMTP relay against the bound its connections
 * allow;</li>
 * <li>seconds until the jobs an instance held when killed with SIGKILL are finished by
 * another instance (PostgreSQL) or by its restart (H2).</li>
 * <li>a sustained load of {@code POST /api/emails} at a fixed rate while the sender
 * drains: errors, latency, heap and connection pool over time, in a child JVM.</li>
 * </ol>
 * Started by {@code bench/run}; see {@code bench/README.md}.
 */
public final class LonghaulBenchmark {

	/** Jobs drained before each measured drain of scenario 1. */
	private static final int DRAIN_WARM_UP_JOBS = 5_000;

	/** Emails sent before each measured email drain. */
	private static final int EMAIL_WARM_UP = 500;

	private final BenchmarkOptions options;

	private final ResultTable table = new ResultTable();

	private final Map<String, String> databases = new TreeMap<>();

	private LonghaulBenchmark(BenchmarkOptions options) {
		this.options = options;
	}

	public static void main(String[] args) throws Exception {
		if (List.of(args).contains("--help")) {
			System.out.print(BenchmarkOptions.USAGE);
			return;
		}
		BenchmarkOptions options;
		try {
			options = BenchmarkOptions.parse(args);
		}
		catch (IllegalArgumentException ex) {
			System.err.println(ex.getMessage());
			System.err.print(BenchmarkOptions.USAGE);
			System.exit(2);
			return;
		}
		quietLogs();
		new LonghaulBenchmark(options).run(String.join(" ", args));
		// The embedded PostgreSQL server is stopped by a shutdown hook.
		System.exit(0);
	}

	private void run(String args) throws Exception {
		long start = System.nanoTime();
		if (this.options.scenarios().stream().anyMatch((scenario) -> scenario != 8)) {
			// Starts the embedded server, and notes its version and settings.
			postgres().close();
		}
		if (this.options.scenarios()
			.stream()
			.anyMatch((scenario) -> List.of(1, 2, 3, 4, 9, 10, 11).contains(scenario))) {
			note("H2 (1)-(4), (9)-(11)", "file database with the URL options of application.properties ("
					+ BenchDatabase.shippedH2Options().substring(1).replace(";", ", ") + ")");
		}
		if (this.options.runs(1)) {
			section("(1) queue engine against the raw SQL limit");
			queueEngine();
		}
		if (this.options.runs(2) || this.options.runs(3) || this.options.runs(4)) {
			section("(3) start latency, (2) emails against a raw JavaMail loop and (4) HTTP enqueue, "
					+ "on the running application");
			application(ResultTable.H2);
			application(ResultTable.POSTGRES);
		}
		if (this.options.runs(5)) {
			section("(5) cost of a durable commit");
			durability();
		}
		if (this.options.runs(6)) {
			section("(6) several instances on one PostgreSQL database");
			clusterDrain();
		}
		if (this.options.runs(7)) {
			section("(7) cross-instance start latency");
			crossInstanceLatency();
		}
		if (this.options.runs(8)) {
			section("(8) CSV profiling against the raw parse, child JVMs with " + CsvProfilingBenchmark.CHILD_HEAP);
			csvProfiling();
		}
		if (this.options.runs(9)) {
			section("(9) emails through a slow SMTP relay");
			slowRelay(ResultTable.H2);
			slowRelay(ResultTable.POSTGRES);
		}
		if (this.options.runs(10)) {
			section("(10) recovery after kill -9, instance child JVMs");
			recovery();
		}
		if (this.options.runs(11)) {
			section("(11) sustained load, child JVMs with " + SustainedLoadBenchmark.CHILD_HEAP);
			if (this.options.loadDatabases().contains("h2")) {
				sustainedLoad(ResultTable.H2);
			}
			if (this.options.loadDatabases().contains("postgres")) {
				sustainedLoad(ResultTable.POSTGRES);
			}
		}
		Duration took = Duration.ofNanos(System.nanoTime() - start);
		System.out.println();
		System.out.println("## Longhaul benchmark, " + LocalDate.now());
		System.out.println();
		System.out.println("Command: `" + System.getProperty("bench.command", "bench/run " + args).trim() + "` (took "
				+ took.toMinutes() + " min " + took.toSecondsPart() + " s)");
		System.out.println();
		Machine.describe(this.databases).forEach((line) -> System.out.println("- " + line));
		System.out.println();
		System.out.print(this.table.toMarkdown());
	}

	// (1)

	private void queueEngine() throws InterruptedException {
		int jobs = this.options.jobs();
		int warmUp = Math.min(DRAIN_WARM_UP_JOBS, jobs);
		int concurrency = this.options.concurrency();
		Duration limit = this.options.drainLimit();
		List<Double> raw = new ArrayList<>();
		Map<Integer, List<Double>> onPostgres = new TreeMap<>();
		Map<Integer, List<Double>> onH2 = new TreeMap<>();
		// Rounds interleave the raw drain and the engine's, so that a slow spell of the
		// disk does not land on one of them only; each reports its median round.
		for (int round = 1; round <= this.options.rounds(); round++) {
			try (BenchDatabase database = postgres()) {
				QueueDrainBenchmark.Result result = QueueDrainBenchmark.raw(database, jobs, warmUp, concurrency, limit);
				System.out.printf("  round %d: raw SQL, %d threads: %s jobs/s%s%n", round, concurrency,
						rate(result.perSecond()), partial(result));
				raw.add(result.perSecond());
			}
			for (int prefetch : this.options.prefetch()) {
				for (String column : List.of(ResultTable.POSTGRES, ResultTable.H2)) {
					QueueDrainBenchmark.Result result = onApplication(column, prefetch,
							(application) -> QueueDrainBenchmark.engine(application, jobs, warmUp, limit));
					System.out.printf("  round %d: engine on %s, concurrency %d, prefetch %d: %s jobs/s%s%n", round,
							column, concurrency, prefetch, rate(result.perSecond()), partial(result));
					(column.equals(ResultTable.H2) ? onH2 : onPostgres)
						.computeIfAbsent(prefetch, (key) -> new ArrayList<>())
						.add(result.perSecond());
				}
			}
		}
		this.table.put(
				"(1) raw SQL limit: " + concurrency + " plain-JDBC threads each claim " + QueueDrainBenchmark.RAW_CLAIM
						+ " (FOR UPDATE SKIP LOCKED) then delete them, 2 transactions per "
						+ QueueDrainBenchmark.RAW_CLAIM + " jobs, " + count(jobs) + " no-op jobs [jobs/s]",
				ResultTable.POSTGRES, medianAndRange(raw));
		for (int prefetch : this.options.prefetch()) {
			String engine = "(1) engine: " + count(jobs)
					+ " no-op jobs through the worker runtime and a no-op handler, " + "concurrency " + concurrency
					+ ", prefetch " + prefetch + " [jobs/s]";
			this.table.put(engine, ResultTable.H2, medianAndRange(onH2.get(prefetch)));
			this.table.put(engine, ResultTable.POSTGRES, medianAndRange(onPostgres.get(prefetch)));
			this.table.put("(1) engine / raw SQL limit, concurrency " + concurrency + ", prefetch " + prefetch
					+ " (aim ≥ 0.5)", ResultTable.POSTGRES, ratio(onPostgres.get(prefetch), raw, 0.5));
		}
	}

	private static String partial(QueueDrainBenchmark.Result result) {
		return result.partial() ? " (partial: " + count(result.drained()) + " of " + count(result.backlog()) + ")" : "";
	}

	/**
	 * Runs a measurement on the application, started on a fresh database for it: an H2
	 * file with the shipped URL options, or a new PostgreSQL database.
	 */
	private <T> T onApplication(String column, int prefetch, Function<RunningApplication, T> measurement) {
		Path directory = column.equals(ResultTable.H2) ? BenchDatabase.temporaryDirectory() : null;
		try (RunningApplication application = startApplication(column, directory, applicationArguments(prefetch))) {
			quietLogs();
			return measurement.apply(application);
		}
		finally {
			if (directory != null) {
				BenchDatabase.deleteRecursively(directory);
			}
		}
	}

	private RunningApplication startApplication(String column, @Nullable Path directory, List<String> arguments) {
		if (directory != null) {
			return RunningApplication.start(BenchDatabase.h2ShippedUrl(directory), "sa", "", arguments);
		}
		String url = BenchDatabase.newPostgresDatabase(this.options.postgresFsync(),
				this.options.postgresSynchronousCommit());
		return RunningApplication.start(url, BenchPostgres.user(), BenchPostgres.password(), arguments);
	}

	/**
	 * The arguments of the applications of scenarios 1 to 4 and 9: the benchmark's job
	 * types at the given concurrency and prefetch, the latency type's idle delay, and the
	 * properties given with {@code --set}.
	 */
	private List<String> applicationArguments(int prefetch) {
		List<String> arguments = new ArrayList<>();
		for (String type : List.of(BenchJobs.NOOP, BenchJobs.LATENCY)) {
			arguments.add("--longhaul.jobs." + type + ".concurrency=" + this.options.concurrency());
			arguments.add("--longhaul.jobs." + type + ".prefetch=" + prefetch);
		}
		arguments.add("--longhaul.workers." + BenchJobs.LATENCY + "-jobs.idle-delay="
				+ StartLatencyBenchmark.IDLE_DELAY.toSeconds() + "s");
		this.options.appProperties().forEach((property) -> arguments.add("--" + property));
		if (!this.options.appProperties().isEmpty()) {
			note("Application (1)-(4), (9)", "with " + String.join(", ", this.options.appProperties()));
		}
		return arguments;
	}

	// (2), (3) and (4)

	private void application(String column) throws InterruptedException {
		int prefetch = this.options.prefetch().get(0);
		Path directory = column.equals(ResultTable.H2) ? BenchDatabase.temporaryDirectory() : null;
		try (RunningApplication application = startApplication(column, directory, applicationArguments(prefetch))) {
			quietLogs();
			if (this.options.runs(3)) {
				int rate = this.options.offeredRate();
				Duration duration = this.options.latencyDuration();
				StartLatencyBenchmark.Result result = StartLatencyBenchmark.run(application, rate, duration);
				String offered = "idle executor (concurrency " + this.options.concurrency() + ", prefetch " + prefetch
						+ ", idle delay " + StartLatencyBenchmark.IDLE_DELAY.toSeconds()
						+ " s) woken by the enqueue, the handler noting its start, " + rate + " jobs/s for "
						+ duration.toSeconds() + " s (aim p50 ≤ 5, p99 ≤ 20)";
				this.table.put("(3) enqueue call to start p50 / p99 [ms], " + offered, column,
						result.fromCall().p50p99() + aimMet(result.fromCall()));
				this.table.put("(3) commit to start p50 / p99 [ms], same run", column, result.fromCommit().p50p99());
			}
			if (this.options.runs(2)) {
				int emails = this.options.emails();
				int warmUp = Math.min(EMAIL_WARM_UP, emails);
				DevMailServer sink = application.bean(DevMailServer.class);
				// The reference is measured before and after the application's drain, and
				// their mean taken, so that neither a cold JIT nor a sink that has stored
				// more messages favours one side.
				double before = EmailDrainBenchmark.rawLoop(sink.port(), emails, warmUp);
				double drained = EmailDrainBenchmark.drain(application, emails, warmUp,
						() -> sink.receivedMessages().length);
				double after = EmailDrainBenchmark.rawLoop(sink.port(), emails, warmUp);
				double raw = (before + after) / 2;
				EmailProperties email = application.bean(EmailProperties.class);
				this.table.put("(2) raw JavaMail loop: one connection, a fresh MimeMessage per email, " + count(emails)
						+ " emails to the embedded GreenMail sink, before and after the application's drain [emails/s]",
						column, rate(raw) + " (mean of " + rate(before) + " and " + rate(after) + ")");
				this.table.put("(2) application: drain " + count(emails) + " emails to the same sink, "
						+ email.connections() + " connections, prefetch " + email.prefetch() + " [emails/s]", column,
						rate(drained));
				this.table.put("(2) application / raw JavaMail loop (aim ≥ 0.8)", column,
						String.format("%.2f%s", drained / raw, (drained / raw >= 0.8) ? " (met)" : " (missed)"));
			}
			if (this.options.runs(4)) {
				int clients = this.options.httpClients();
				HttpEnqueueBenchmark.Result result = HttpEnqueueBenchmark.run(application.port(), clients,
						this.options.httpDuration());
				this.table.put("(4) POST /api/emails, " + clients + " concurrent clients [requests/s]", column,
						rate(result.requestsPerSecond()));
				this.table.put("(4) POST /api/emails latency p50 / p99 [ms]", column, result.latencies().p50p99());
				if (result.errors() > 0) {
					this.table.put("(4) POST /api/emails answers other than 202", column,
							Long.toString(result.errors()));
				}
			}
		}
		finally {
			if (directory != null) {
				BenchDatabase.deleteRecursively(directory);
			}
		}
	}

	private static String aimMet(Latencies latencies) {
		return (latencies.percentileMillis(50) <= 5 && latencies.percentileMillis(99) <= 20) ? " (met)" : " (missed)";
	}

	// (5)

	private void durability() throws InterruptedException {
		Duration duration = this.options.enqueueDuration();
		for (int threads : List.of(1, 4)) {
			String who = threads + " thread" + ((threads > 1) ? "s" : "");
			double h2Durable = enqueueRate(() -> BenchDatabase.h2File(true), threads, duration);
			double h2Delayed = enqueueRate(() -> BenchDatabase.h2File(false), threads, duration);
			double pgDurable = enqueueRate(() -> BenchDatabase.postgres(this.options.postgresFsync(), true), threads,
					duration);
			double pgAsync = enqueueRate(() -> BenchDatabase.postgres(this.options.postgresFsync(), false), threads,
					duration);
			String durable = "(5) enqueue, " + who + ", durable commit [enqueues/s]";
			String delayed = "(5) enqueue, " + who + ", delayed commit [enqueues/s]";
			String ratio = "(5) " + who + ": delayed / durable";
			this.table.put(durable, ResultTable.H2, rate(h2Durable) + " (WRITE_DELAY=0)");
			this.table.put(delayed, ResultTable.H2, rate(h2Delayed) + " (WRITE_DELAY default)");
			this.table.put(ratio, ResultTable.H2, String.format("%.1f×", h2Delayed / h2Durable));
			this.table.put(durable, ResultTable.POSTGRES, rate(pgDurable) + " (synchronous_commit=on)");
			this.table.put(delayed, ResultTable.POSTGRES, rate(pgAsync) + " (synchronous_commit=off)");
			this.table.put(ratio, ResultTable.POSTGRES, String.format("%.1f×", pgAsync / pgDurable));
		}
		note("H2 (5)", "file database in " + System.getProperty("java.io.tmpdir") + " ("
				+ Machine.fileSystem(Path.of(System.getProperty("java.io.tmpdir"))) + ")");
	}

	private double enqueueRate(Supplier<BenchDatabase> databases, int threads, Duration duration)
			throws InterruptedException {
		try (BenchDatabase database = databases.get()) {
			return DurabilityBenchmark.run(database, threads, duration);
		}
	}

	// (6)

	private void clusterDrain() {
		int jobs = this.options.clusterJobs();
		Duration limit = this.options.clusterLimit();
		int rounds = this.options.clusterRounds();
		// Rounds interleave the instance counts (1, 2, 3, 1, 2, 3, ...), so a slow spell
		// of the disk does not land on one count only; each count reports its median
		// round.
		Map<Integer, List<ClusterBenchmark.DrainResult>> results = new TreeMap<>();
		for (int round = 0; round < rounds; round++) {
			for (int instances : this.options.instances()) {
				try (BenchDatabase database = postgres()) {
					ClusterBenchmark.DrainResult result = ClusterBenchmark.drain(database, instances, jobs, limit);
					System.out.printf("  round %d of %d, %d instance(s): %s jobs/s (split %s)%n", round + 1, rounds,
							instances, rate(result.perSecond()), result.split());
					results.computeIfAbsent(instances, (key) -> new ArrayList<>()).add(result);
				}
			}
		}
		Map<Integer, Double> medians = new TreeMap<>();
		results.forEach((instances, runs) -> {
			List<ClusterBenchmark.DrainResult> sorted = runs.stream()
				.sorted(Comparator.comparingDouble(ClusterBenchmark.DrainResult::perSecond))
				.toList();
			ClusterBenchmark.DrainResult median = sorted.get((sorted.size() - 1) / 2);
			medians.put(instances, median.perSecond());
			String range = (sorted.size() > 1) ? "median of " + sorted.size() + ", " + rate(sorted.get(0).perSecond())
					+ "–" + rate(sorted.get(sorted.size() - 1).perSecond()) + "; " : "";
			long partials = runs.stream().filter(ClusterBenchmark.DrainResult::partial).count();
			String partial = (partials > 0) ? "; " + partials + " partial (cut at " + limit.toSeconds() + " s)" : "";
			long duplicates = runs.stream().mapToLong(ClusterBenchmark.DrainResult::duplicates).sum();
			String twice = (duplicates > 0) ? "; " + duplicates + " ran twice" : "";
			this.table.put(
					"(6) drain " + count(jobs) + " no-op jobs, " + instances + " instance"
							+ ((instances > 1) ? "s" : "") + " on one database [jobs/s]",
					ResultTable.POSTGRES,
					rate(median.perSecond()) + " (" + range + "split " + median.split() + partial + twice + ")");
		});
		Double single = medians.get(1);
		if (single != null && medians.size() > 1) {
			String ratios = medians.entrySet()
				.stream()
				.filter((entry) -> entry.getKey() > 1)
				.map((entry) -> String.format("%.2f×", entry.getValue() / single))
				.collect(Collectors.joining(" / "));
			String counts = medians.keySet()
				.stream()
				.filter((instances) -> instances > 1)
				.map(String::valueOf)
				.collect(Collectors.joining(" / "));
			this.table.put(
					"(6) scaling, " + counts + " instances vs 1" + ((rounds > 1) ? ", medians" : "")
							+ " (all share these " + Runtime.getRuntime().availableProcessors()
							+ " cores and one database: it measures contention, not added hardware)",
					ResultTable.POSTGRES, ratios);
		}
	}

	// (7)

	private void crossInstanceLatency() {
		int rate = this.options.clusterRate();
		Duration duration = this.options.latencyDuration();
		try (BenchDatabase database = postgres()) {
			StartLatencyBenchmark.Result result = ClusterBenchmark.crossInstanceLatency(database, rate, duration);
			String offered = "A enqueues " + rate + " jobs/s for " + duration.toSeconds()
					+ " s, idle B (idle delay 60 s) woken by NOTIFY";
			this.table.put("(7) cross-instance enqueue return to start p50 / p99 [ms], " + offered,
					ResultTable.POSTGRES, result.fromCommit().p50p99());
			this.table.put("(7) cross-instance enqueue call to start p50 / p99 [ms], same run", ResultTable.POSTGRES,
					result.fromCall().p50p99());
		}
	}

	// (8)

	private void csvProfiling() {
		int megabytes = this.options.csvMegabytes();
		CsvProfilingBenchmark.Result result = CsvProfilingBenchmark.run(megabytes);
		CsvProfilingBenchmark.Pass raw = result.raw();
		CsvProfilingBenchmark.Pass profile = result.profile();
		CsvProfilingBenchmark.Pass alone = result.profileAlone();
		String file = String.format("%,d MB CSV (%,d rows, 10 mixed columns)", megabytes, result.rows());
		String heap = CsvProfilingBenchmark.CHILD_HEAP;
		this.table.putWithoutDatabase("(8) raw parse, FastCSV alone, every field touched, " + file + ", child JVM "
				+ heap + " [rows/s, MB/s]", rateAndThroughput(raw));
		this.table.putWithoutDatabase("(8) profiling, as the data-processor worker (chunks of "
				+ count(CsvProfilingBenchmark.CHUNK_ROWS) + " rows, checkpoint JSON after each, then the report; "
				+ profile.values().get("threads")
				+ " profiling thread(s) beside it, the default here), same file, child JVM " + heap + " [rows/s, MB/s]",
				rateAndThroughput(profile));
		this.table.putWithoutDatabase("(8) profiling / raw parse rate", String.format("%.2f", result.ratio()));
		this.table.putWithoutDatabase(
				"(8) profiling on the worker's thread alone (profiling-threads=0), same file [rows/s, MB/s]",
				rateAndThroughput(alone));
		this.table.putWithoutDatabase("(8) profiling on the worker's thread alone / raw parse rate",
				String.format("%.2f", result.ratioAlone()));
		this.table.putWithoutDatabase("(8) " + CsvProfilingBenchmark.JOBS
				+ " jobs at once (one per core, the default concurrency), each profiling the whole file, in one child: "
				+ "with the default profiling threads / with none [rows/s in all]",
				String.format("%,.0f (%.1f s) / %,.0f (%.1f s)", result.busy().rowsPerSecond(), result.busy().seconds(),
						result.busyAlone().rowsPerSecond(), result.busyAlone().seconds()));
		this.table.putWithoutDatabase(
				"(8) CPU time of the child JVM: raw parse / profiling / profiling on one thread [s]",
				String.format("%.1f / %.1f / %.1f", raw.cpuSeconds(), profile.cpuSeconds(), alone.cpuSeconds()));
		this.table.putWithoutDatabase(
				"(8) raw parse: peak RSS (VmHWM) / peak heap used / most heap left after a GC [MiB]", memory(raw));
		this.table.putWithoutDatabase(
				"(8) profiling: peak RSS (VmHWM) / peak heap used / most heap left after a GC [MiB]", memory(profile));
		this.table.putWithoutDatabase(
				"(8) profiling on one thread: peak RSS (VmHWM) / peak heap used / most heap left after a GC [MiB]",
				memory(alone));
		List<String> problems = new ArrayList<>();
		if (raw.rows() != result.rows() || profile.rows() != result.rows() || alone.rows() != result.rows()) {
			problems.add("rows generated " + result.rows() + ", parsed " + raw.rows() + ", profiled " + profile.rows()
					+ " and " + alone.rows());
		}
		for (CsvProfilingBenchmark.Pass pass : List.of(profile, alone)) {
			if (pass.bytes() != result.bytes()) {
				problems.add("profiled " + pass.bytes() + " of " + result.bytes() + " bytes");
			}
			if (!"0".equals(pass.values().get("malformed"))) {
				problems.add(pass.values().get("malformed") + " malformed rows");
			}
		}
		for (CsvProfilingBenchmark.Pass busy : List.of(result.busy(), result.busyAlone())) {
			if (busy.rows() != result.rows() * CsvProfilingBenchmark.JOBS) {
				problems.add(busy.values().get("jobs") + " jobs at once profiled " + busy.rows() + " rows");
			}
			if (!busy.values().get("reportSha256").equals(alone.values().get("reportSha256"))) {
				problems.add("the report of jobs at once differs from the one of a single job");
			}
		}
		if (!profile.values().get("reportSha256").equals(alone.values().get("reportSha256"))) {
			problems.add("the report on profiling threads differs from the one on one thread");
		}
		if (!problems.isEmpty()) {
			this.table.putWithoutDatabase("(8) CHECK FAILED", String.join("; ", problems));
		}
		note("CSV (8)", "generated in " + System.getProperty("java.io.tmpdir") + " (in the page cache when read), "
				+ "children: " + heap + ", " + profile.values().get("gc") + ", same Java and class path");
	}

	private static String rateAndThroughput(CsvProfilingBenchmark.Pass pass) {
		return String.format("%,.0f rows/s, %,.1f MB/s (%.1f s)", pass.rowsPerSecond(), pass.megabytesPerSecond(),
				pass.seconds());
	}

	private static String memory(CsvProfilingBenchmark.Pass pass) {
		return String.format("%,.0f / %,.0f / %,.0f (max heap %,.0f)", pass.peakRssMb(), pass.heapPeakMb(),
				pass.liveHeapPeakMb(), pass.maxHeapMb());
	}

	// (9)

	private void slowRelay(String column) throws Exception {
		Duration delay = this.options.relayDelay();
		int emails = this.options.relayEmails();
		try (FakeSmtpServer relay = new FakeSmtpServer().endOfDataDelay(delay)) {
			List<String> arguments = new ArrayList<>(applicationArguments(this.options.prefetch().get(0)));
			arguments.addAll(List.of("--spring.mail.host=127.0.0.1", "--spring.mail.port=" + relay.port()));
			Path directory = column.equals(ResultTable.H2) ? BenchDatabase.temporaryDirectory() : null;
			try (RunningApplication application = startApplication(column, directory, arguments)) {
				quietLogs();
				int connections = application.bean(EmailProperties.class).connections();
				double bound = connections * 1e9 / delay.toNanos();
				double rate = EmailDrainBenchmark.drain(application, emails, connections * 5,
						() -> relay.messages().size());
				String relayed = "(9) slow relay answering each message after " + delay.toMillis() + " ms: "
						+ count(emails) + " emails, " + connections + " connections (the default 4 unless --set) "
						+ "[emails/s]";
				this.table.put(relayed, column, rate(rate) + String.format(" (bound %,.0f/s)", bound));
				this.table.put(
						"(9) slow relay: emails/s / bound (connections / " + delay.toMillis() + " ms) (aim ≥ 0.8)",
						column, String.format("%.2f%s", rate / bound, (rate / bound >= 0.8) ? " (met)" : " (missed)"));
			}
			finally {
				if (directory != null) {
					BenchDatabase.deleteRecursively(directory);
				}
			}
		}
	}

	// (10)

	private void recovery() throws InterruptedException {
		Path directory = BenchDatabase.temporaryDirectory();
		try (BenchDatabase database = postgres()) {
			List<RecoveryBenchmark.Kill> kills = RecoveryBenchmark.postgres(database, this.options.recoveryKills(),
					directory);
			for (RecoveryBenchmark.Kill kill : kills) {
				String who = (kill.instances() == 3) ? "1 of 3 instances" : "1 of the " + kill.instances() + " left";
				String which = kill.singleton() ? "the one running the lease-recovery singleton"
						: "not the lease-recovery singleton's";
				this.table.put(
						"(10) kill -9 of " + who + " (" + which + "), default cluster settings (instance-timeout "
								+ RecoveryBenchmark.INSTANCE_TIMEOUT.toSeconds() + " s, lease-recovery every 5 s): "
								+ "from the kill until every job it held is SUCCEEDED on the others [s] (aim ≤ 45)",
						ResultTable.POSTGRES,
						String.format(
								"%.1f%s (%d jobs held; back in the queue after %.1f s; its last heartbeat "
										+ "was %.1f s old at the kill%s)",
								kill.seconds(), (kill.seconds() <= 45) ? " met" : " MISSED", kill.held(),
								kill.returnedSeconds(), kill.heartbeatAge(),
								(kill.byLease() > 0) ? "; " + kill.byLease() + " by lease expiry" : ""));
			}
		}
		finally {
			BenchDatabase.deleteRecursively(directory);
		}
		Path h2 = BenchDatabase.temporaryDirectory();
		try {
			RecoveryBenchmark.Restart restart = RecoveryBenchmark.h2(h2);
			this.table.put(
					"(10) kill -9 of the only instance on an H2 file, restarted at once: from the restart until "
							+ "every job it held is SUCCEEDED [s] (aim ≤ 10)",
					ResultTable.H2,
					String.format(
							"%.1f%s (%d jobs held; the application was ready %.1f s after the restart, its JVM "
									+ "up after %.1f s; the held jobs were done %.1f s after it was ready)",
							restart.seconds(), (restart.seconds() <= 10) ? " met" : " MISSED", restart.held(),
							restart.readySeconds(), restart.jvmSeconds(), restart.seconds() - restart.readySeconds()));
		}
		finally {
			BenchDatabase.deleteRecursively(h2);
		}
		note("Instances (10)",
				"child JVMs (-Xmx256m, the benchmark's Java and class path) of "
						+ "dev.longhaul.bench.SlowJobsApplication: every setting at its default, jobs of "
						+ SlowJobsApplication.RUN.toMillis() + " ms on " + SlowJobsApplication.CONCURRENCY
						+ " threads, prefetch " + SlowJobsApplication.PREFETCH);
	}

	// (11)

	private void sustainedLoad(String column) throws Exception {
		Path directory = BenchDatabase.temporaryDirectory();
		try {
			SustainedLoadBenchmark.Result result;
			if (column.equals(ResultTable.H2)) {
				result = SustainedLoadBenchmark.run(BenchDatabase.h2ShippedUrl(directory), "sa", "", directory,
						this.options.loadRate(), this.options.loadDuration());
			}
			else {
				String url = BenchDatabase.newPostgresDatabase(this.options.postgresFsync(),
						this.options.postgresSynchronousCommit());
				result = SustainedLoadBenchmark.run(url, BenchPostgres.user(), BenchPostgres.password(), directory,
						this.options.loadRate(), this.options.loadDuration());
			}
			String load = "(11) sustained load: POST /api/emails at " + result.rate() + "/s for "
					+ result.duration().toSeconds() + " s while the sender drains them, child JVM "
					+ SustainedLoadBenchmark.CHILD_HEAP;
			this.table.put(load + ": requests sent; answers other than 202 (aim 0)", column,
					String.format("%,d; %,d%s%s", result.sent(), result.errorCount(),
							result.errors().isEmpty() ? "" : " " + result.errors(),
							(result.errorCount() == 0) ? " (met)" : " (missed)"));
			Latencies latencies = result.latencies();
			this.table.put("(11) latency from each request's planned time p50 / p99 / max [ms] (aim p99 < 100)", column,
					String.format("%s / %.2f%s", latencies.p50p99(), latencies.percentileMillis(100),
							(latencies.percentileMillis(99) < 100) ? " (met)" : " (missed)"));
			this.table.put("(11) p99 by minute [ms]", column,
					result.perMinute()
						.stream()
						.map((minute) -> String.format("%.0f", minute.percentileMillis(99)))
						.collect(Collectors.joining(", ")));
			this.table.put(
					"(11) heap used, lowest of the " + SustainedLoadBenchmark.SAMPLE.toSeconds()
							+ " s samples in each minute (about what is live) [MiB]",
					column, mebibytes(result.perMinute(SustainedLoadBenchmark.Sample::heapMib, true)));
			this.table.put("(11) old generation, lowest sample in each minute [MiB]", column,
					mebibytes(result.perMinute(SustainedLoadBenchmark.Sample::oldGenMib, true)));
			this.table.put(
					"(11) live heap after a full collection (jcmd GC.run): after the warm-up / after the load "
							+ "and the drain [MiB]",
					column, String.format("%.0f / %.0f", result.liveBeforeMib(), result.liveAfterMib()));
			this.table.put("(11) classes whose live bytes grew most between those two collections [MiB]", column,
					String.join(", ", result.grewMost()));
			this.table.put("(11) HTTP sessions held, most in each minute", column,
					mebibytes(result.perMinute(SustainedLoadBenchmark.Sample::sessions, false)));
			this.table.put(
					"(11) connection pool, most in use / most threads waiting in each minute (of " + maxPool(result)
							+ ")",
					column, pairs(result.perMinute(SustainedLoadBenchmark.Sample::poolActive, false),
							result.perMinute(SustainedLoadBenchmark.Sample::poolPending, false)));
			this.table.put("(11) emails waiting to be sent, most in each minute", column,
					mebibytes(result.perMinute(SustainedLoadBenchmark.Sample::emailsReady, false)));
			this.table.put("(11) all accepted emails sent, seconds after the load ended; ERROR lines logged", column,
					String.format("%.1f (%,d accepted, %,d received by the SMTP server); %s", result.drainSeconds(),
							result.accepted(), result.received(), result.errorLines() ? "yes" : "none"));
			note("Application (11)", "a child JVM (" + SustainedLoadBenchmark.CHILD_HEAP
					+ ") of dev.longhaul.LonghaulApplication, development mode off, bcrypt passwords, mail to the "
					+ "tests' FakeSmtpServer in the benchmark's JVM, every other setting at its default");
		}
		finally {
			BenchDatabase.deleteRecursively(directory);
		}
	}

	private static String mebibytes(List<Double> values) {
		return values.stream().map((value) -> String.format("%.0f", value)).collect(Collectors.joining(", "));
	}

	private static String pairs(List<Double> first, List<Double> second) {
		List<String> pairs = new ArrayList<>();
		for (int i = 0; i < Math.min(first.size(), second.size()); i++) {
			pairs.add(String.format("%.0f/%.0f", first.get(i), second.get(i)));
		}
		return String.join(", ", pairs);
	}

	private static String maxPool(SustainedLoadBenchmark.Result result) {
		return String.format("%.0f",
				result.samples().stream().mapToDouble(SustainedLoadBenchmark.Sample::poolMax).max().orElse(0));
	}

	// Helpers

	private static String medianAndRange(List<Double> rates) {
		List<Double> sorted = rates.stream().sorted().toList();
		String median = rate(median(rates));
		return (sorted.size() > 1) ? median + " (median of " + sorted.size() + ", " + rate(sorted.get(0)) + "–"
				+ rate(sorted.get(sorted.size() - 1)) + ")" : median;
	}

	/**
	 * The ratio of the medians, whether it meets the aim, and the ratio of each round.
	 */
	private static String ratio(List<Double> measured, List<Double> reference, double aim) {
		double ratio = median(measured) / median(reference);
		String met = (ratio >= aim) ? " (met)" : " (missed)";
		if (measured.size() < 2) {
			return String.format("%.2f%s", ratio, met);
		}
		List<String> rounds = new ArrayList<>();
		for (int i = 0; i < Math.min(measured.size(), reference.size()); i++) {
			rounds.add(String.format("%.2f", measured.get(i) / reference.get(i)));
		}
		return String.format("%.2f%s, of the medians; by round %s", ratio, met, String.join(", ", rounds));
	}

	private static double median(List<Double> values) {
		List<Double> sorted = values.stream().sorted().toList();
		return sorted.get((sorted.size() - 1) / 2);
	}

	private BenchDatabase postgres() {
		BenchDatabase database = BenchDatabase.postgres(this.options.postgresFsync(),
				this.options.postgresSynchronousCommit());
		this.databases.computeIfAbsent("PostgreSQL",
				(key) -> database.productVersion() + ", " + database.durabilitySetting()
						+ " (embedded, fsync as set by --pg-fsync, unless LONGHAUL_TEST_POSTGRES_URL is set)");
		return database;
	}

	private void note(String key, String value) {
		this.databases.put(key, value);
	}

	private static void section(String title) {
		System.out.println(title);
	}

	private static String rate(double perSecond) {
		return String.format("%,.0f", perSecond);
	}

	private static String count(long n) {
		return (n % 1000 == 0) ? (n / 1000) + "k" : String.format("%,d", n);
	}

	/**
	 * Keeps Hikari, Flyway and the embedded PostgreSQL at WARN: without Spring Boot's
	 * logging set-up, Logback logs everything at DEBUG.
	 */
	private static void quietLogs() {
		Logger root = LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
		if (root instanceof ch.qos.logback.classic.Logger logback) {
			logback.setLevel(Level.WARN);
		}
		// Flyway warns on every migration that H2 2.4 is newer than it was verified with.
		if (LoggerFactory.getLogger("org.flywaydb") instanceof ch.qos.logback.classic.Logger flyway) {
			flyway.setLevel(Level.ERROR);
		}
	}

}
