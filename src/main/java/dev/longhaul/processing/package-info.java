/**
 * Dataset processing: uploads, the {@code dataset} job that profiles them chunk by chunk
 * from checkpoints, reports as JSON and CSV, and retention. The CSV profiling itself is
 * {@link dev.longhaul.processing.profile}.
 */
@NullMarked
package dev.longhaul.processing;

import org.jspecify.annotations.NullMarked;
