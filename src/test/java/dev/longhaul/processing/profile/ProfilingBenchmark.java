package dev.longhaul.processing.profile;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;

import dev.longhaul.config.Sha256;

/**
 * The child JVM of the benchmark's scenario 8 (see {@code bench/README.md}): reads one
 * CSV file either with FastCSV alone ({@code raw}) or with the {@link CsvProfiler} as the
 * {@code data-processor} worker runs it ({@code profile}, with as many
 * {@link ProfilingThreads} as the application has by default, one fewer than the cores,
 * or the number given), then prints one line of {@code key=value} results, peak RSS, peak
 * heap and the process's CPU time included, for the parent to read. Here because the
 * profiler is package-private.
 */
public final class ProfilingBenchmark {

	/** The first word of the result line. */
	public static final String RESULT = "profiling-benchmark-result";

	/** As the worker's {@code chunk-rows} default. */
	public static final int CHUNK_ROWS = 50_000;

	private ProfilingBenchmark() {
	}

	/**
	 * Runs one pass and prints its result line.
	 * @param args {@code raw} or {@code profile}, then the CSV file, then for
	 * {@code profile} the number of profiling threads if not the default, then the number
	 * of jobs to run at once, each over the whole file, if not 1
	 * @throws IOException if the file cannot be read
	 */
	public static void main(String[] args) throws IOException {
		boolean raw = args.length == 2 && args[0].equals("raw");
		boolean profile = args.length >= 2 && args.length <= 4 && args[0].equals("profile");
		if (!raw && !profile) {
			System.err.println("Usage: ProfilingBenchmark raw FILE | profile FILE [PROFILING_THREADS [JOBS]]");
			System.exit(2);
		}
		Path file = Path.of(args[1]);
		AtomicLong liveHeapPeak = watchHeapAfterGc();
		long cpuStart = cpuNanos();
		Map<String, String> result = raw ? raw(file)
				: profile(file,
						(args.length >= 3) ? Integer.parseInt(args[2]) : Runtime.getRuntime().availableProcessors() - 1,
						(args.length == 4) ? Integer.parseInt(args[3]) : 1);
		result.put("cpuNanos", Long.toString(cpuNanos() - cpuStart));
		result.put("heapPeakKb", Long.toString(heapPeakKb()));
		result.put("heapAfterGcPeakKb", Long.toString(liveHeapPeak.get() / 1024));
		result.put("maxHeapKb", Long.toString(Runtime.getRuntime().maxMemory() / 1024));
		result.put("gc",
				ManagementFactory.getGarbageCollectorMXBeans()
					.stream()
					.map((gc) -> gc.getName().replace(' ', '_'))
					.collect(Collectors.joining("+")));
		// Last: the peak resident set size of this process so far, read as it ends.
		result.put("vmHwmKb", Long.toString(vmHwmKb()));
		System.out.println(RESULT + " "
				+ result.entrySet()
					.stream()
					.map((entry) -> entry.getKey() + "=" + entry.getValue())
					.collect(Collectors.joining(" ")));
	}

	/**
	 * FastCSV alone: every record, every field touched.
	 */
	private static Map<String, String> raw(Path file) throws IOException {
		long start = System.nanoTime();
		long rows = 0;
		long chars = 0;
		try (CsvReader<CsvRecord> csv = CsvReader.builder().ofCsvRecord(file)) {
			for (CsvRecord record : csv) {
				rows++;
				for (String field : record.getFields()) {
					chars += field.length();
				}
			}
		}
		long nanos = System.nanoTime() - start;
		Map<String, String> result = new TreeMap<>();
		result.put("rows", Long.toString(rows - 1)); // the header row is not data
		result.put("bytes", Long.toString(Files.size(file)));
		result.put("nanos", Long.toString(nanos));
		result.put("chars", Long.toString(chars));
		return result;
	}

	/**
	 * As {@code DatasetProcessor} does, in each of {@code jobs} threads at once (as that
	 * many data processors, sharing the profiling threads): chunks of
	 * {@value #CHUNK_ROWS} rows from the last checkpoint, the checkpoint as JSON after
	 * each (what the worker stores), the report at the end. Rows and bytes are the sums
	 * over the jobs.
	 */
	private static Map<String, String> profile(Path file, int threadCount, int jobs) throws IOException {
		ProfilingThreads threads = new ProfilingThreads(threadCount);
		long start = System.nanoTime();
		List<Callable<Run>> runs = new ArrayList<>();
		for (int i = 0; i < jobs; i++) {
			runs.add(() -> run(new CsvProfiler(',', threads), file));
		}
		List<Run> done = new ArrayList<>();
		ExecutorService processors = Executors.newFixedThreadPool(jobs);
		try {
			for (Future<Run> run : processors.invokeAll(runs)) {
				done.add(run.get());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException(ex.getCause());
		}
		finally {
			processors.shutdown();
		}
		long end = System.nanoTime();
		threads.close();
		DatasetReport report = done.get(0).report();
		if (done.stream().anyMatch((run) -> !run.report().equals(report))) {
			throw new IllegalStateException("Jobs on the same file gave different reports");
		}
		Map<String, String> result = new TreeMap<>();
		result.put("rows", Long.toString(report.rows() * jobs));
		result.put("malformed", Long.toString(report.malformedRows()));
		result.put("bytes", Long.toString(done.get(0).last().offset() * jobs));
		result.put("nanos", Long.toString(end - start));
		result.put("jsonNanos", Long.toString(done.get(0).jsonNanos()));
		result.put("reportNanos", Long.toString(done.get(0).reportNanos()));
		result.put("chunks", Integer.toString(done.get(0).chunks()));
		result.put("threads", Integer.toString(threadCount));
		result.put("jobs", Integer.toString(jobs));
		// the report's values, all of them, for the parent to compare between passes
		result.put("reportSha256", Sha256.hex(report.toString()));
		result.put("checkpointJsonChars", Long.toString(done.get(0).jsonChars()));
		result.put("types",
				report.columns()
					.stream()
					.map((column) -> column.name() + ":" + column.type().name().toLowerCase(Locale.ROOT))
					.collect(Collectors.joining(",")));
		return result;
	}

	private static Run run(CsvProfiler profiler, Path file) throws IOException {
		long jsonNanos = 0;
		long jsonChars = 0;
		int chunks = 0;
		Checkpoint checkpoint = Checkpoint.start();
		while (!checkpoint.finished()) {
			checkpoint = profiler.profile(file, checkpoint, CHUNK_ROWS);
			chunks++;
			if (!checkpoint.finished()) {
				long before = System.nanoTime();
				String json = checkpoint.toJson();
				jsonNanos += System.nanoTime() - before;
				jsonChars = Math.max(jsonChars, json.length());
			}
		}
		long beforeReport = System.nanoTime();
		DatasetReport report = profiler.report(checkpoint);
		return new Run(report, checkpoint, chunks, jsonNanos, jsonChars, System.nanoTime() - beforeReport);
	}

	/**
	 * One job's run over the file.
	 */
	private record Run(DatasetReport report, Checkpoint last, int chunks, long jsonNanos, long jsonChars,
			long reportNanos) {
	}

	/**
	 * The CPU time of this process so far, every thread's (the JIT compilers' and the
	 * garbage collector's too).
	 */
	private static long cpuNanos() {
		return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getProcessCpuTime();
	}

	/**
	 * An upper bound of the peak heap used: the sum of each heap pool's peak.
	 */
	private static long heapPeakKb() {
		return ManagementFactory.getMemoryPoolMXBeans()
			.stream()
			.filter((pool) -> pool.getType() == MemoryType.HEAP)
			.map(MemoryPoolMXBean::getPeakUsage)
			.mapToLong((usage) -> usage.getUsed())
			.sum() / 1024;
	}

	/**
	 * The largest heap used right after a collection (what survived it), as collections
	 * happen.
	 */
	private static AtomicLong watchHeapAfterGc() {
		AtomicLong peak = new AtomicLong();
		for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
			if (gc instanceof NotificationEmitter emitter) {
				emitter.addNotificationListener((notification, handback) -> {
					if (notification.getType()
						.equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
						GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo
							.from((CompositeData) notification.getUserData());
						long used = 0;
						for (Map.Entry<String, MemoryUsage> pool : info.getGcInfo()
							.getMemoryUsageAfterGc()
							.entrySet()) {
							used += pool.getValue().getUsed();
						}
						peak.accumulateAndGet(used, Math::max);
					}
				}, null, null);
			}
		}
		return peak;
	}

	private static long vmHwmKb() {
		Path status = Path.of("/proc/self/status");
		if (!Files.isReadable(status)) {
			return -1;
		}
		try (Stream<String> lines = Files.lines(status)) {
			return lines.filter((line) -> line.startsWith("VmHWM:"))
				.map((line) -> Long.parseLong(line.substring(6).replace("kB", "").trim()))
				.findFirst()
				.orElse(-1L);
		}
		catch (IOException ex) {
			return -1;
		}
	}

}
