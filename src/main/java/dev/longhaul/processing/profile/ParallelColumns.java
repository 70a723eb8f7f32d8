package dev.longhaul.processing.profile;

import java.io.InterruptedIOException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

/**
 * Adds batches of rows to column profiles, a column at a time: the reading thread
 * {@linkplain #submit hands a batch over} to the {@link ProfilingThreads} and reads the
 * next one meanwhile; when it {@linkplain #await() waits} for the batch, it first takes
 * the columns no thread has started. A column is profiled by one thread at a time, its
 * rows in order, and columns do not depend on each other: the profiles are the ones of
 * adding every row in order on one thread, whatever the threads. Not thread-safe: one
 * reading thread uses it.
 */
final class ParallelColumns {

	private final ProfilingThreads threads;

	private @Nullable Batch batch;

	ParallelColumns(ProfilingThreads threads) {
		this.threads = threads;
	}

	/**
	 * Hands a batch over, once the one before is {@linkplain #await() done}.
	 * @param rows the rows, not to be changed until {@link #await()} returns
	 * @param columns the profiles of the rows' fields
	 */
	void submit(RowFields rows, List<ColumnProfile> columns) {
		if (this.batch != null) {
			throw new IllegalStateException("The batch before is not done");
		}
		Batch batch = new Batch(rows, columns);
		this.batch = batch;
		int helpers = this.threads.helpers(columns.size());
		// each task profiles columns until none is left
		for (int i = 0; i < helpers; i++) {
			if (!this.threads.offer(batch)) {
				break;
			}
		}
	}

	/**
	 * Profiles the columns of the batch handed over that no thread has started, then
	 * waits until every column is done.
	 * @throws InterruptedIOException if the thread is interrupted while waiting
	 */
	void await() throws InterruptedIOException {
		Batch batch = this.batch;
		if (batch == null) {
			return;
		}
		this.batch = null;
		batch.run();
		try {
			batch.done.await();
		}
		catch (InterruptedException ex) {
			batch.abandon();
			Thread.currentThread().interrupt();
			throw new InterruptedIOException("Interrupted while columns were profiled");
		}
		Throwable failure = batch.failure;
		if (failure instanceof RuntimeException runtime) {
			throw runtime;
		}
		if (failure instanceof Error error) {
			throw error;
		}
		if (failure != null) {
			throw new IllegalStateException("Profiling a column failed", failure);
		}
	}

	/**
	 * Lets no thread start another column of the batch handed over, and forgets it: its
	 * profiles are not to be used.
	 */
	void abandon() {
		if (this.batch != null) {
			this.batch.abandon();
			this.batch = null;
		}
	}

	/**
	 * A batch's columns, taken one by one by whichever thread comes.
	 */
	private static final class Batch implements Runnable {

		private final RowFields rows;

		private final List<ColumnProfile> columns;

		private final int count;

		private final AtomicInteger next = new AtomicInteger();

		private final CountDownLatch done;

		private volatile @Nullable Throwable failure;

		Batch(RowFields rows, List<ColumnProfile> columns) {
			this.rows = rows;
			this.columns = columns;
			this.count = columns.size();
			this.done = new CountDownLatch(this.count);
		}

		@Override
		public void run() {
			int column;
			while ((column = this.next.getAndIncrement()) < this.count) {
				try {
					if (this.failure == null) {
						this.rows.addColumnTo(column, this.count, this.columns.get(column));
					}
				}
				catch (Throwable ex) {
					// whatever it is, the reading thread must see the column failed
					this.failure = ex;
				}
				finally {
					this.done.countDown();
				}
			}
		}

		void abandon() {
			this.next.set(this.count);
		}

	}

}
