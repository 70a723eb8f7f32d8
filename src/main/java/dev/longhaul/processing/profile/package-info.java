/**
 * A streaming, resumable CSV profiler whose state fits in a checkpoint: it knows files,
 * rows and columns, not datasets, jobs or HTTP.
 *
 * <p>
 * Its public face: {@link dev.longhaul.processing.profile.CsvProfiler} profiles a file
 * chunk by chunk from a {@link dev.longhaul.processing.profile.Checkpoint} (stored as
 * JSON between chunks) within {@link dev.longhaul.processing.profile.CsvLimits}, on
 * shared {@link dev.longhaul.processing.profile.ProfilingThreads}, and fails with
 * {@link dev.longhaul.processing.profile.NotCsvException} for a file that is not CSV; its
 * result is a {@link dev.longhaul.processing.profile.DatasetReport} of
 * {@link dev.longhaul.processing.profile.ColumnReport}s, whose components
 * {@link dev.longhaul.processing.profile.ColumnType},
 * {@link dev.longhaul.processing.profile.TopValue} and
 * {@link dev.longhaul.processing.profile.RowError} are public with it. Everything else
 * (parsing, sketches, hashing, column state) is package-private.
 */
@NullMarked
package dev.longhaul.processing.profile;

import org.jspecify.annotations.NullMarked;
