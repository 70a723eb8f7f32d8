package dev.longhaul.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a JVM as a child process, its output going to a file, for tests of what only a
 * real process shows: exit codes, signals, the packaged jar.
 */
public final class JavaProcess implements AutoCloseable {

	private final Process process;

	private final Path output;

	private JavaProcess(Process process, Path output) {
		this.process = process;
		this.output = output;
	}

	/**
	 * Starts {@code java} (the one running the tests) with the given arguments.
	 * @param workingDirectory the child's working directory
	 * @param arguments JVM options, then the main class or {@code -jar}, then program
	 * arguments
	 * @return the running process
	 */
	public static JavaProcess start(Path workingDirectory, List<String> arguments) {
		return start(workingDirectory, arguments, Map.of());
	}

	/**
	 * Starts {@code java} (the one running the tests) with the given arguments and
	 * environment variables added to this process's.
	 * @param workingDirectory the child's working directory
	 * @param arguments JVM options, then the main class or {@code -jar}, then program
	 * arguments
	 * @param environment variables to set in the child
	 * @return the running process
	 */
	public static JavaProcess start(Path workingDirectory, List<String> arguments, Map<String, String> environment) {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(arguments);
		try {
			Path output = Files.createTempFile("longhaul-child", ".log");
			ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile())
				.redirectErrorStream(true)
				.redirectOutput(output.toFile());
			builder.environment().putAll(environment);
			Process process = builder.start();
			return new JavaProcess(process, output);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The test class path, for starting a main class of the tests in a child JVM.
	 * @return the class path
	 */
	public static String testClassPath() {
		return System.getProperty("java.class.path") + File.pathSeparator;
	}

	public Process process() {
		return this.process;
	}

	/**
	 * Waits for the process to exit.
	 * @param timeout how long at most
	 * @return its exit code
	 * @throws IllegalStateException if it is still running after the timeout
	 */
	public int waitFor(Duration timeout) throws InterruptedException {
		if (!this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			throw new IllegalStateException("Process still running after " + timeout + "; output:\n" + output());
		}
		return this.process.exitValue();
	}

	/**
	 * What the process printed so far.
	 * @return its output
	 */
	public String output() {
		try {
			return Files.readString(this.output, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Kills the process with SIGKILL. */
	public void kill() throws InterruptedException {
		this.process.destroyForcibly();
		this.process.waitFor(30, TimeUnit.SECONDS);
	}

	@Override
	public void close() throws InterruptedException {
		if (this.process.isAlive()) {
			kill();
		}
	}

}
