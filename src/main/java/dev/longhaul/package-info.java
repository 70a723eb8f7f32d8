/**
 * Longhaul, a web service with long-running background workers.
 */
@NullMarked
package dev.longhaul;

import org.jspecify.annotations.NullMarked;
