/**
 * The states of the things the API shows (jobs, workers, emails, datasets) and the
 * actions each state allows, served so that clients such as the dashboard need not copy
 * them.
 */
@NullMarked
package dev.longhaul.states;

import org.jspecify.annotations.NullMarked;
