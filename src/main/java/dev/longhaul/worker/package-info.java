/**
 * The worker runtime: loop-style and timer-style background workers run as
 * {@code SmartLifecycle} beans.
 */
@NullMarked
package dev.longhaul.worker;

import org.jspecify.annotations.NullMarked;
