package dev.longhaul.processing;

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
 */
final class ProfilingThreads implements AutoCloseable {

	/** No threads: each data processor profiles on its own. */
	static final ProfilingThreads NONE = new ProfilingThreads(0);

	private final int count;

	private final @Nullable ExecutorService executor;

	/**
	 * Starts the threads (daemons named {@code data-profiler-N}).
	 * @param count how many; 0 for none
	 */
	ProfilingThreads(int count) {
		if (count < 0) {
			throw new IllegalArgumentException("count must not be negative, was " + count);
		}
		this.count = count;
		this.executor = (count > 0) ? Executors.newFixedThreadPool(count, daemons()) : null;
	}

	/**
	 * How many threads there are.
	 * @return the count
	 */
	int count() {
		return this.count;
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
