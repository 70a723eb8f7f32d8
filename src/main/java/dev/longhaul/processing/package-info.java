/**
 * Dataset processing: a streaming, resumable CSV profiler whose state fits in a
 * checkpoint.
 */
@NullMarked
package dev.longhaul.processing;

import org.jspecify.annotations.NullMarked;
