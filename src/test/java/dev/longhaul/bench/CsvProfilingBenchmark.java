package dev.longhaul.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import dev.longhaul.processing.profile.ProfilingBenchmark;

/**
 * Scenario 8: generates a CSV file of 10 mixed columns, then reads it three times, each
 * time in a child JVM with {@value #CHILD_HEAP}: once with FastCSV alone (the raw parse
 * rate), once with the CSV profiler as the {@code data-processor} worker runs it (with
 * the default profiling threads, one fewer than the cores), and once with the profiler on
 * the reading thread alone ({@code profiling-threads=0}). The ratio of the rates is the
 * figure; the children also report their peak RSS and CPU time. Then, as many jobs as
 * cores (the default {@code concurrency}) profile the file at once in one child, with and
 * without profiling threads: what the threads cost when every core is busy.
 */
final class CsvProfilingBenchmark {

	static final String CHILD_HEAP = "-Xmx256m";

	static final int CHUNK_ROWS = ProfilingBenchmark.CHUNK_ROWS;

	/** Jobs at once when every core is busy: one per core, the default concurrency. */
	static final int JOBS = Runtime.getRuntime().availableProcessors();

	static final String[] HEADER = { "id", "amount", "active", "signup_date", "created_at", "category", "customer",
			"comment", "quantity", "discount" };

	private static final String[] CATEGORIES = { "books", "music", "movies", "games", "garden", "tools", "toys", "baby",
			"beauty", "health", "grocery", "sports", "outdoors", "automotive", "electronics", "computers", "office",
			"pets", "jewelry", "shoes" };

	private static final String[] SYLLABLES = { "ka", "lo", "mi", "ne", "ra", "so", "tu", "vi", "be", "da", "fe", "go",
			"ha", "jo", "li", "ma", "no", "pe", "ri", "sa", "ta", "ve", "wi", "ze", "an", "el", "or", "us" };

	private static final String[] WORDS = { "delivered", "late", "on", "time", "box", "damaged", "customer", "asked",
			"for", "a", "refund", "gift", "wrap", "please", "call", "before", "noon", "left", "at", "door", "signed",
			"by", "neighbour", "second", "attempt", "address", "updated", "priority", "shipping", "return", "label",
			"printed", "the", "order", "was", "split", "in", "two", "parcels", "fragile" };

	private CsvProfilingBenchmark() {
	}

	/**
	 * What one pass in a child JVM reported.
	 *
	 * @param rows data rows read
	 * @param bytes bytes read
	 * @param seconds time from the first read to the end (JVM start-up excluded)
	 * @param peakRssMb peak resident set size ({@code VmHWM}) in MiB
	 * @param heapPeakMb peak heap used in MiB (sum of the heap pools' peaks: an upper
	 * bound, garbage included)
	 * @param liveHeapPeakMb the most heap used right after a collection, in MiB
	 * @param maxHeapMb the child's maximum heap in MiB
	 * @param cpuSeconds the CPU time of the child's threads over the pass
	 * @param values everything the child printed
	 */
	record Pass(long rows, long bytes, double seconds, double peakRssMb, double heapPeakMb, double liveHeapPeakMb,
			double maxHeapMb, double cpuSeconds, Map<String, String> values) {

		double rowsPerSecond() {
			return this.rows / this.seconds;
		}

		double megabytesPerSecond() {
			return this.bytes / 1e6 / this.seconds;
		}

	}

	/**
	 * The generated file and both passes over it.
	 *
	 * @param rows data rows generated
	 * @param bytes the file's size
	 * @param generateSeconds how long generating took
	 * @param raw FastCSV alone
	 * @param profile the profiler, as the worker runs it
	 * @param profileAlone the profiler on the reading thread alone
	 * @param busy as many jobs as cores at once, with the default profiling threads
	 * @param busyAlone as many jobs as cores at once, without profiling threads
	 */
	record Result(long rows, long bytes, double generateSeconds, Pass raw, Pass profile, Pass profileAlone, Pass busy,
			Pass busyAlone) {

		double ratio() {
			return this.profile.rowsPerSecond() / this.raw.rowsPerSecond();
		}

		double ratioAlone() {
			return this.profileAlone.rowsPerSecond() / this.raw.rowsPerSecond();
		}

	}

	/**
	 * Generates a file of about {@code megabytes} MB (10<sup>6</sup> bytes) in the
	 * temporary directory, reads it in both child JVMs and deletes it.
	 * @param megabytes the size of the file
	 * @return the results
	 */
	static Result run(int megabytes) {
		Path file = null;
		try {
			file = Files.createTempFile("longhaul-bench-", ".csv");
			long start = System.nanoTime();
			long rows = generate(file, megabytes * 1_000_000L, 42);
			double generateSeconds = (System.nanoTime() - start) / 1e9;
			long bytes = Files.size(file);
			System.out.printf("  generated %,d rows, %,d bytes in %.1f s (%s)%n", rows, bytes, generateSeconds, file);
			Pass raw = child(file, "raw");
			System.out.printf("  raw parse: %s%n", raw.values());
			Pass profile = child(file, "profile");
			System.out.printf("  profiling: %s%n", profile.values());
			Pass profileAlone = child(file, "profile", "0");
			System.out.printf("  profiling on one thread: %s%n", profileAlone.values());
			String jobs = Integer.toString(JOBS);
			Pass busy = child(file, "profile", Integer.toString(JOBS - 1), jobs);
			System.out.printf("  %s jobs at once: %s%n", jobs, busy.values());
			Pass busyAlone = child(file, "profile", "0", jobs);
			System.out.printf("  %s jobs at once, no profiling threads: %s%n", jobs, busyAlone.values());
			return new Result(rows, bytes, generateSeconds, raw, profile, profileAlone, busy, busyAlone);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		finally {
			if (file != null) {
				try {
					Files.deleteIfExists(file);
				}
				catch (IOException ex) {
					System.err.println("Could not delete " + file + ": " + ex);
				}
			}
		}
	}

	/**
	 * Writes a seeded CSV file with a header row and the {@link #HEADER 10 columns} until
	 * it has at least {@code size} bytes (whole rows, LF line ends, ASCII).
	 * @param file where to write
	 * @param size the least size in bytes
	 * @param seed the seed of the values
	 * @return the number of data rows
	 * @throws IOException if the file cannot be written
	 */
	static long generate(Path file, long size, long seed) throws IOException {
		Random random = new Random(seed);
		String[] dates = new String[3653];
		LocalDate first = LocalDate.of(2015, 1, 1);
		for (int i = 0; i < dates.length; i++) {
			dates[i] = first.plusDays(i).toString();
		}
		String[] firstNames = new String[SYLLABLES.length * SYLLABLES.length];
		for (int i = 0; i < firstNames.length; i++) {
			firstNames[i] = capitalized(SYLLABLES[i / SYLLABLES.length] + SYLLABLES[i % SYLLABLES.length]);
		}
		try (OutputStream out = Files.newOutputStream(file)) {
			Ascii line = new Ascii(out);
			line.append(String.join(",", HEADER)).append('\n');
			long rows = 0;
			while (line.written() < size) {
				rows++;
				line.append(rows).append(',');
				long cents = random.nextInt(10_000_000);
				line.cents((random.nextInt(20) == 0) ? -cents : cents).append(',');
				line.append(random.nextBoolean() ? "true" : "false").append(',');
				line.append(dates[random.nextInt(dates.length)]).append(',');
				line.append(dates[random.nextInt(dates.length)]).append('T');
				int second = random.nextInt(86_400);
				line.twoDigits(second / 3600)
					.append(':')
					.twoDigits(second / 60 % 60)
					.append(':')
					.twoDigits(second % 60);
				line.append('Z').append(',');
				// Skewed: low categories are the most frequent.
				line.append(CATEGORIES[Math.min(random.nextInt(20), random.nextInt(20))]).append(',');
				// Names: 784 first names, 26 initials, 21,952 surnames, so nearly every
				// row has its own.
				line.append(firstNames[random.nextInt(firstNames.length)]).append(' ');
				line.append((char) ('A' + random.nextInt(26))).append(". ");
				line.append(capitalized(SYLLABLES[random.nextInt(SYLLABLES.length)]))
					.append(SYLLABLES[random.nextInt(SYLLABLES.length)])
					.append(SYLLABLES[random.nextInt(SYLLABLES.length)])
					.append(',');
				comment(line, random);
				line.append(',');
				if (random.nextInt(20) != 0) {
					line.append(1 + random.nextInt(500));
				}
				line.append(',');
				if (random.nextInt(10) >= 3) {
					line.append("0.").append(random.nextInt(10)).append(random.nextInt(10)).append(random.nextInt(10));
				}
				line.append('\n');
			}
			line.flush();
			return rows;
		}
	}

	/**
	 * A quoted comment of 3 to 10 words; one in ten has commas, one in thirty a quoted
	 * word (doubled quotes).
	 */
	private static void comment(Ascii line, Random random) {
		line.append('"');
		int words = 3 + random.nextInt(8);
		boolean commas = random.nextInt(10) == 0;
		int quoted = (random.nextInt(30) == 0) ? random.nextInt(words) : -1;
		for (int w = 0; w < words; w++) {
			if (w > 0) {
				line.append((commas && w % 3 == 0) ? ", " : " ");
			}
			String word = WORDS[random.nextInt(WORDS.length)];
			if (w == quoted) {
				line.append("\"\"").append(word).append("\"\"");
			}
			else {
				line.append(word);
			}
		}
		line.append('"');
	}

	private static String capitalized(String word) {
		return Character.toUpperCase(word.charAt(0)) + word.substring(1);
	}

	/**
	 * Runs one pass in a child JVM with {@value #CHILD_HEAP} and the benchmark's class
	 * path, and reads its result line.
	 */
	private static Pass child(Path file, String mode, String... arguments) throws IOException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add(CHILD_HEAP);
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(ProfilingBenchmark.class.getName());
		command.add(mode);
		command.add(file.toString());
		command.addAll(List.of(arguments));
		Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
		Map<String, String> values = null;
		try (BufferedReader out = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = out.readLine()) != null) {
				if (line.startsWith(ProfilingBenchmark.RESULT + " ")) {
					values = new HashMap<>();
					for (String pair : line.substring(ProfilingBenchmark.RESULT.length() + 1).split(" ")) {
						int equals = pair.indexOf('=');
						values.put(pair.substring(0, equals), pair.substring(equals + 1));
					}
				}
				else {
					System.out.println("  child: " + line);
				}
			}
		}
		try {
			if (!process.waitFor(1, TimeUnit.MINUTES)) {
				process.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
		if (values == null || process.exitValue() != 0) {
			throw new IllegalStateException("The " + mode + " child JVM failed (exit " + process.exitValue() + ")");
		}
		return new Pass(Long.parseLong(values.get("rows")), Long.parseLong(values.get("bytes")),
				Long.parseLong(values.get("nanos")) / 1e9, Long.parseLong(values.get("vmHwmKb")) / 1024.0,
				Long.parseLong(values.get("heapPeakKb")) / 1024.0,
				Long.parseLong(values.get("heapAfterGcPeakKb")) / 1024.0,
				Long.parseLong(values.get("maxHeapKb")) / 1024.0, Long.parseLong(values.get("cpuNanos")) / 1e9,
				Map.copyOf(values));
	}

	/**
	 * ASCII text into a stream through a buffer, counting the bytes.
	 */
	private static final class Ascii {

		private final OutputStream out;

		private final byte[] buffer = new byte[1 << 20];

		private int position;

		private long flushed;

		Ascii(OutputStream out) {
			this.out = out;
		}

		Ascii append(String text) {
			int length = text.length();
			if (this.position + length > this.buffer.length) {
				flush();
			}
			for (int i = 0; i < length; i++) {
				this.buffer[this.position++] = (byte) text.charAt(i);
			}
			return this;
		}

		Ascii append(char c) {
			if (this.position == this.buffer.length) {
				flush();
			}
			this.buffer[this.position++] = (byte) c;
			return this;
		}

		Ascii append(long number) {
			if (number < 0) {
				append('-');
				number = -number;
			}
			if (number >= 10) {
				append(number / 10);
			}
			return append((char) ('0' + number % 10));
		}

		Ascii cents(long cents) {
			if (cents < 0) {
				append('-');
				cents = -cents;
			}
			append(cents / 100).append('.');
			return twoDigits((int) (cents % 100));
		}

		Ascii twoDigits(int n) {
			return append((char) ('0' + n / 10)).append((char) ('0' + n % 10));
		}

		long written() {
			return this.flushed + this.position;
		}

		void flush() {
			try {
				this.out.write(this.buffer, 0, this.position);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			this.flushed += this.position;
			this.position = 0;
		}

	}

}
