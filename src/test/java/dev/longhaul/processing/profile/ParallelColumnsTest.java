package dev.longhaul.processing.profile;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.BDDMockito.willAnswer;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

/**
 * A batch's columns are profiled once each, on the profiling threads or the reading
 * thread, and a failure on any of them reaches the reading thread.
 */
class ParallelColumnsTest {

	private final ProfilingThreads threads = new ProfilingThreads(2, 3);

	@AfterEach
	void closeThreads() {
		this.threads.close();
	}

	@Test
	void everyColumnOfEveryRowIsAddedOnceWhicheverThreadTakesIt() throws IOException {
		List<ColumnProfile> columns = List.of(mock(ColumnProfile.class), mock(ColumnProfile.class),
				mock(ColumnProfile.class));
		Set<String> threadNames = ConcurrentHashMap.newKeySet();
		for (ColumnProfile column : columns) {
			willAnswer((invocation) -> threadNames.add(Thread.currentThread().getName())).given(column)
				.addAscii(any(), anyInt(), anyInt());
		}
		ParallelColumns parallel = new ParallelColumns(this.threads);
		for (int batch = 0; batch < 50; batch++) {
			parallel.submit(rows(3, 4), columns);
			parallel.await();
		}
		for (ColumnProfile column : columns) {
			verify(column, times(50 * 4)).addAscii(any(), anyInt(), anyInt());
		}
		assertThat(threadNames).isNotEmpty()
			.allMatch((name) -> name.startsWith("data-profiler-") || name.equals(Thread.currentThread().getName()));
	}

	@Test
	void aColumnThatFailsOnAProfilingThreadFailsTheWait() {
		ColumnProfile failing = mock(ColumnProfile.class);
		willThrow(new IllegalStateException("column broke")).given(failing).addAscii(any(), anyInt(), anyInt());
		ParallelColumns parallel = new ParallelColumns(this.threads);
		parallel.submit(rows(2, 1), List.of(mock(ColumnProfile.class), failing));
		assertThatIllegalStateException().isThrownBy(parallel::await).withMessage("column broke");
	}

	@Test
	void withoutProfilingThreadsTheReadingThreadProfilesEveryColumn() throws IOException {
		ColumnProfile column = mock(ColumnProfile.class);
		Set<String> threadNames = ConcurrentHashMap.newKeySet();
		willAnswer((invocation) -> threadNames.add(Thread.currentThread().getName())).given(column)
			.addAscii(any(), anyInt(), anyInt());
		ParallelColumns parallel = new ParallelColumns(ProfilingThreads.NONE);
		parallel.submit(rows(2, 3), List.of(column, column));
		parallel.await();
		verify(column, times(6)).addAscii(any(), anyInt(), anyInt());
		assertThat(threadNames).containsExactly(Thread.currentThread().getName());
	}

	@Test
	void profilingThreadsOnlyTakeTheCoresNoReadingThreadUses() {
		try (ProfilingThreads threads = new ProfilingThreads(3, 2)) {
			assertThat(threads.helpers(10)).isEqualTo(2);
			threads.readerStarted();
			assertThat(threads.helpers(10)).isEqualTo(1);
			assertThat(threads.helpers(1)).as("a single column is the reader's").isZero();
			threads.readerStarted();
			assertThat(threads.helpers(10)).as("every core reads").isZero();
			threads.readerEnded();
			assertThat(threads.helpers(10)).isEqualTo(1);
		}
	}

	private static RowFields rows(int fields, int rows) {
		RowFields batch = new RowFields(rows, Integer.MAX_VALUE, Integer.MAX_VALUE);
		char[] value = "42".toCharArray();
		for (int row = 0; row < rows; row++) {
			batch.beginRow();
			for (int field = 0; field < fields; field++) {
				batch.add(value, 0, value.length);
			}
			batch.commit(row + 1);
		}
		return batch;
	}

}
