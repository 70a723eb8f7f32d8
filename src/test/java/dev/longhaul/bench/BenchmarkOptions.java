package dev.longhaul.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The sizes of one benchmark run, from the command line.
 *
 * @param jobs backlog of no-op jobs per drain (scenario 1)
 * @param concurrency threads of the raw SQL drain and of the engine's no-op executor
 * (scenario 1; also the latency executor of scenario 3)
 * @param prefetch the engine's prefetch, one drain per value in each round (scenario 1;
 * the first also for scenario 3)
 * @param rounds rounds of scenario 1, each a raw drain and engine drains on fresh
 * databases; medians are reported
 * @param drainLimit longest a drain may take; a slower one is cut short and its rate
 * reported as partial (scenario 1)
 * @param emails backlog of emails (scenario 2)
 * @param offeredRate jobs per second enqueued for the latency measurement (scenario 3)
 * @param latencyDuration how long jobs are offered at that rate (scenarios 3 and 7)
 * @param httpClients concurrent HTTP senders (scenario 4)
 * @param httpDuration how long they send, after a warm-up (scenario 4)
 * @param enqueueDuration how long each enqueue-rate cell runs (scenario 5)
 * @param clusterJobs backlog of no-op jobs per drain by several instances (scenario 6)
 * @param instances application instances per drain, one drain each (scenario 6)
 * @param clusterLimit longest such a drain may take; a slower one is cut short and its
 * rate reported as partial (scenario 6)
 * @param clusterRounds drains per instance count, interleaved; the median is reported
 * (scenario 6)
 * @param clusterRate jobs per second enqueued on one instance for another to start
 * (scenario 7, which runs for {@code latencyDuration})
 * @param csvMegabytes size of the generated CSV file in MB (10<sup>6</sup> bytes)
 * (scenario 8)
 * @param relayEmails backlog of emails sent to the slow relay (scenario 9)
 * @param relayDelay how long the slow relay takes to answer each message (scenario 9)
 * @param recoveryKills instances killed one after the other on PostgreSQL, out of three
 * (scenario 10)
 * @param loadRate {@code POST /api/emails} per second of the sustained load (scenario 11)
 * @param loadDuration how long the sustained load lasts (scenario 11)
 * @param loadDatabases where the sustained load runs: {@code h2}, {@code postgres} or
 * both (scenario 11)
 * @param appProperties more properties for the applications of scenarios 1 to 4 and 9,
 * such as {@code longhaul.queue.completion.batch-size=500}
 * @param scenarios which scenarios run, 1 to 11
 * @param postgresFsync whether the embedded PostgreSQL flushes to disk
 * @param postgresSynchronousCommit whether PostgreSQL commits wait for the WAL flush
 */
record BenchmarkOptions(int jobs, int concurrency, List<Integer> prefetch, int rounds, Duration drainLimit, int emails,
		int offeredRate, Duration latencyDuration, int httpClients, Duration httpDuration, Duration enqueueDuration,
		int clusterJobs, List<Integer> instances, Duration clusterLimit, int clusterRounds, int clusterRate,
		int csvMegabytes, int relayEmails, Duration relayDelay, int recoveryKills, int loadRate, Duration loadDuration,
		Set<String> loadDatabases, List<String> appProperties, Set<Integer> scenarios, boolean postgresFsync,
		boolean postgresSynchronousCommit) {

	/** The scenarios there are. */
	static final int SCENARIOS = 11;

	static final String USAGE = """
			Usage: bench/run [--quick] [--only=1,2,...,11] [--jobs=50000] [--concurrency=8] [--prefetch=1000]
			                 [--rounds=3] [--drain-seconds=120] [--emails=10000] [--rate=50] [--latency-seconds=10]
			                 [--http-clients=8] [--http-seconds=10] [--enqueue-seconds=5] [--cluster-jobs=30000]
			                 [--instances=1,2,3] [--cluster-seconds=120] [--cluster-rounds=3] [--cluster-rate=20]
			                 [--csv-mb=1000] [--relay-emails=1000] [--relay-delay-ms=50] [--recovery-kills=2]
			                 [--load-rate=200] [--load-seconds=600] [--load-databases=h2,postgres]
			                 [--set=name=value,...] [--pg-fsync=on|off] [--pg-synchronous-commit=on|off]
			  Scenarios: 1 queue engine vs raw SQL, 2 emails vs a raw JavaMail loop, 3 enqueue-to-start
			  latency, 4 HTTP enqueue, 5 durable commit cost, 6 several instances, 7 cross-instance latency,
			  8 CSV profiling, 9 slow SMTP relay, 10 recovery after kill -9, 11 sustained HTTP load while
			  the sender drains (see bench/README.md).
			  --quick     small sizes (10k jobs, 1 round, 1k emails, 5k cluster jobs, 3 s per timed run,
			              200 MB CSV, 200 relay emails, 1 kill, 60 s of load) for a check in a few minutes
			  --prefetch  one engine drain per value and round, such as --prefetch=0,50,200,1000; the first
			              value is also used by scenario 3
			  --set       application properties for scenarios 1 to 4 and 9, such as
			              --set=longhaul.queue.completion.batch-size=500,longhaul.email.connections=8
			""";

	private static final Map<String, String> DEFAULTS = Map.ofEntries(Map.entry("jobs", "50000"),
			Map.entry("concurrency", "8"), Map.entry("prefetch", "1000"), Map.entry("rounds", "3"),
			Map.entry("drain-seconds", "120"), Map.entry("emails", "10000"), Map.entry("rate", "50"),
			Map.entry("latency-seconds", "10"), Map.entry("http-clients", "8"), Map.entry("http-seconds", "10"),
			Map.entry("enqueue-seconds", "5"), Map.entry("cluster-jobs", "30000"), Map.entry("instances", "1,2,3"),
			Map.entry("cluster-seconds", "120"), Map.entry("cluster-rounds", "3"), Map.entry("cluster-rate", "20"),
			Map.entry("csv-mb", "1000"), Map.entry("relay-emails", "1000"), Map.entry("relay-delay-ms", "50"),
			Map.entry("recovery-kills", "2"), Map.entry("load-rate", "200"), Map.entry("load-seconds", "600"),
			Map.entry("load-databases", "h2,postgres"), Map.entry("set", ""),
			Map.entry("only", "1,2,3,4,5,6,7,8,9,10,11"), Map.entry("pg-fsync", "on"),
			Map.entry("pg-synchronous-commit", "on"));

	private static final Map<String, String> QUICK = Map.ofEntries(Map.entry("jobs", "10000"), Map.entry("rounds", "1"),
			Map.entry("drain-seconds", "30"), Map.entry("emails", "1000"), Map.entry("latency-seconds", "3"),
			Map.entry("http-seconds", "3"), Map.entry("enqueue-seconds", "2"), Map.entry("cluster-jobs", "5000"),
			Map.entry("cluster-seconds", "30"), Map.entry("cluster-rounds", "1"), Map.entry("csv-mb", "200"),
			Map.entry("relay-emails", "200"), Map.entry("recovery-kills", "1"), Map.entry("load-seconds", "60"));

	/**
	 * Reads the options; {@code --quick} sets smaller defaults, other options override
	 * them.
	 * @param args the command line
	 * @return the options
	 * @throws IllegalArgumentException for an unknown or malformed option
	 */
	static BenchmarkOptions parse(String[] args) {
		Map<String, String> values = new HashMap<>(DEFAULTS);
		if (Arrays.asList(args).contains("--quick")) {
			values.putAll(QUICK);
		}
		for (String arg : args) {
			if (arg.equals("--quick")) {
				continue;
			}
			int equals = arg.indexOf('=');
			if (!arg.startsWith("--") || equals < 0 || !DEFAULTS.containsKey(arg.substring(2, equals))) {
				throw new IllegalArgumentException("Unknown argument '" + arg + "'");
			}
			values.put(arg.substring(2, equals), arg.substring(equals + 1));
		}
		Set<Integer> scenarios = new TreeSet<>(list(values, "only"));
		if (scenarios.stream().anyMatch((scenario) -> scenario > SCENARIOS)) {
			throw new IllegalArgumentException("--only takes scenarios 1 to " + SCENARIOS + ", not " + scenarios);
		}
		return new BenchmarkOptions(positive(values, "jobs"), positive(values, "concurrency"),
				list(values, "prefetch", 0), positive(values, "rounds"), seconds(values, "drain-seconds"),
				positive(values, "emails"), positive(values, "rate"), seconds(values, "latency-seconds"),
				positive(values, "http-clients"), seconds(values, "http-seconds"), seconds(values, "enqueue-seconds"),
				positive(values, "cluster-jobs"), list(values, "instances"), seconds(values, "cluster-seconds"),
				positive(values, "cluster-rounds"), positive(values, "cluster-rate"), positive(values, "csv-mb"),
				positive(values, "relay-emails"), Duration.ofMillis(positive(values, "relay-delay-ms")),
				positive(values, "recovery-kills"), positive(values, "load-rate"), seconds(values, "load-seconds"),
				databases(values.get("load-databases")), properties(values.get("set")), scenarios,
				onOff(values, "pg-fsync"), onOff(values, "pg-synchronous-commit"));
	}

	boolean runs(int scenario) {
		return this.scenarios.contains(scenario);
	}

	private static int positive(Map<String, String> values, String name) {
		return atLeast(name, values.get(name), 1);
	}

	private static int atLeast(String name, String value, int least) {
		try {
			int number = Integer.parseInt(value.trim());
			if (number >= least) {
				return number;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		throw new IllegalArgumentException(
				"--" + name + " must be a whole number of at least " + least + ", not '" + value + "'");
	}

	private static Duration seconds(Map<String, String> values, String name) {
		return Duration.ofSeconds(positive(values, name));
	}

	private static List<Integer> list(Map<String, String> values, String name) {
		return list(values, name, 1);
	}

	private static List<Integer> list(Map<String, String> values, String name, int least) {
		return Arrays.stream(values.get(name).split(",")).map((part) -> atLeast(name, part, least)).toList();
	}

	private static Set<String> databases(String value) {
		Set<String> databases = new TreeSet<>(Arrays.stream(value.split(",")).map(String::trim).toList());
		if (databases.isEmpty() || !Set.of("h2", "postgres").containsAll(databases)) {
			throw new IllegalArgumentException("--load-databases takes h2, postgres or both, not '" + value + "'");
		}
		return databases;
	}

	private static List<String> properties(String value) {
		List<String> properties = Arrays.stream(value.split(","))
			.map(String::trim)
			.filter((p) -> !p.isEmpty())
			.toList();
		for (String property : properties) {
			if (property.indexOf('=') < 1) {
				throw new IllegalArgumentException("--set takes name=value pairs, not '" + property + "'");
			}
		}
		return properties;
	}

	private static boolean onOff(Map<String, String> values, String name) {
		return switch (values.get(name)) {
			case "on" -> true;
			case "off" -> false;
			default ->
				throw new IllegalArgumentException("--" + name + " must be on or off, not '" + values.get(name) + "'");
		};
	}

}
