package dev.longhaul.queue;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A page of the job explorer's list, newest first.
 *
 * @param jobs the jobs on it
 * @param next the cursor of the next page ({@code before=next}), or {@code null} on the
 * last page
 */
public record JobListing(List<JobSummary> jobs, @Nullable Long next) {
}
