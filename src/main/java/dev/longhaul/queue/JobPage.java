package dev.longhaul.queue;

import java.util.List;

/**
 * A page of jobs.
 *
 * @param jobs the jobs on it
 * @param page its number, from 0
 * @param size its size
 * @param total jobs on all pages
 */
public record JobPage(List<Job> jobs, int page, int size, long total) {
}
