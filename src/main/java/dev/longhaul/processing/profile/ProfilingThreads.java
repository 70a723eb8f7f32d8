package dev.longhaul.processing.profile;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

/**
 * The threads that profile columns beside the data processors' own
 * ({@code longhaul.processing.profiling-threads}), shared by all of them: while a data
 * processor reads a batch of rows, these threads profile the columns of the batch before.
 * None makes each data processor profile on its own thread only.
 *
 * <p>
 * They only take cores that no data processor is reading on: with as many jobs as cores
 * (the default {@code concurrency}) every core already has a job, and handing columns
 * over would only cost switches between threads, so each data processor then profiles on
 * its own thread.
 */
public final class ProfilingThreads implements AutoCloseable {

	/** No threads: each data processor profiles on its own. */
	static final ProfilingThreads NONE = new ProfilingThreads(0);

	private final int count;

	private final int cores;

	private final AtomicInteger readers = new AtomicInteger();

	private final @Nullable ExecutorService executor;

	/**
	 * Starts the threads (daemons named {@code data-profiler-N}) for this machine's
	 * cores.
	 * @param count how many; 0 for none
	 */
	public ProfilingThreads(int count) {
		this(count, Runtime.getRuntime().availableProcessors());
	}

	/**
	 * Starts the threads (daemons named {@code data-profiler-N}).
	 * @param count how many; 0 for none
	 * @param cores the cores they and the data processors share
	 */
	public ProfilingThreads(int count, int cores) {
		if (count < 0) {
			throw new IllegalArgumentException("count must not be negative, was " + count);
		}
		this.count = count;
		this.cores = cores;
		this.executor = (count > 0) ? Executors.newFixedThreadPool(count, daemons()) : null;
	}

	/**
	 * Counts a data processor's thread as reading a file, until {@link #readerEnded()}.
	 */
	void readerStarted() {
		this.readers.incrementAndGet();
	}

	void readerEnded() {
		this.readers.decrementAndGet();
	}

	/**
	 * How many threads to offer a batch to: as many as there are cores that no reading
	 * thread uses, at most the threads and the columns the reading thread does not take.
	 * @param columns the batch's columns
	 * @return the number of threads
	 */
	int helpers(int columns) {
		int idleCores = this.cores - this.readers.get();
		return Math.max(0, Math.min(this.count, Math.min(idleCores, columns - 1)));
	}

	/**
	 * Runs a task on one of the threads, unless there are none or they are shut down.
	 * @param task the task
	 * @return whether it was handed over
	 */
	boolean offer(Runnable task) {
		if (this.executor == null) {
			return false;
		}
		try {
			this.executor.execute(task);
			return true;
		}
		catch (RejectedExecutionException ex) {
			return false;
		}
	}

	/**
	 * Lets the threads end once their tasks are done; the data processors then profile on
	 * their own threads.
	 */
	@Override
	public void close() {
		if (this.executor != null) {
			this.executor.shutdown();
		}
	}

	private static ThreadFactory daemons() {
		AtomicInteger number = new AtomicInteger();
		return (task) -> {
			Thread thread = new Thread(task, "data-profiler-" + number.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

}
