package dev.longhaul.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What the figures were measured on: cores, CPU, memory, OS, Java and the databases.
 */
final class Machine {

	private Machine() {
	}

	/**
	 * Lines describing the machine and the databases.
	 * @param databases notes on each database, by label
	 * @return the lines, for a Markdown list
	 */
	static List<String> describe(Map<String, String> databases) {
		List<String> lines = new ArrayList<>();
		Runtime runtime = Runtime.getRuntime();
		lines.add("Machine: " + runtime.availableProcessors() + " cores ("
				+ firstValue(Path.of("/proc/cpuinfo"), "model name").orElse(System.getProperty("os.arch")) + "), "
				+ firstValue(Path.of("/proc/meminfo"), "MemTotal").map(Machine::gigabytes).orElse("? GB") + " RAM");
		lines.add("OS: "
				+ firstValue(Path.of("/etc/os-release"), "PRETTY_NAME").map((v) -> v.replace("\"", ""))
					.orElse(System.getProperty("os.name"))
				+ ", kernel " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
		lines
			.add("Java: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + " ("
					+ System.getProperty("java.vendor") + "), max heap " + runtime.maxMemory() / (1024 * 1024) + " MB");
		lines.add("Temporary files: " + System.getProperty("java.io.tmpdir") + " on "
				+ fileSystem(Path.of(System.getProperty("java.io.tmpdir"))));
		databases.forEach((label, note) -> lines.add(label + ": " + note));
		lines.add("Benchmark client, application and databases share the machine's cores.");
		return lines;
	}

	static String fileSystem(Path path) {
		try {
			return Files.getFileStore(path).type() + " (" + Files.getFileStore(path).name() + ")";
		}
		catch (IOException ex) {
			return "an unknown file system";
		}
	}

	private static Optional<String> firstValue(Path file, String key) {
		if (!Files.isReadable(file)) {
			return Optional.empty();
		}
		try (Stream<String> lines = Files.lines(file)) {
			return lines.filter((line) -> line.startsWith(key))
				.map((line) -> line.substring(line.indexOf((line.contains(":") ? ':' : '=')) + 1).trim())
				.findFirst();
		}
		catch (IOException ex) {
			return Optional.empty();
		}
	}

	private static String gigabytes(String memTotal) {
		try {
			long kilobytes = Long.parseLong(memTotal.replace("kB", "").trim());
			return String.format("%.0f GB", kilobytes / 1024.0 / 1024.0);
		}
		catch (NumberFormatException ex) {
			return memTotal;
		}
	}

}
