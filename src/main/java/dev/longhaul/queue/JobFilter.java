package dev.longhaul.queue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import static dev.longhaul.config.SqlTime.at;

/**
 * Which jobs a list or a bulk action of the job explorer takes: every condition given
 * must hold, and a {@code null} (or empty) one takes every job.
 *
 * @param queue the queue, or {@code null}
 * @param type the job type, or {@code null}
 * @param statuses any of these statuses, or every status if empty
 * @param createdBefore only jobs enqueued before this instant, or {@code null}
 * @param createdAfter only jobs enqueued at or after this instant, or {@code null}
 * @param error only jobs whose last error contains this text, ignoring case (matched
 * literally: {@code %} and {@code _} are no wildcards), or {@code null}
 */
public record JobFilter(@Nullable String queue, @Nullable String type, Set<JobStatus> statuses,
		@Nullable Instant createdBefore, @Nullable Instant createdAfter, @Nullable String error) {

	/** Every job. */
	public static final JobFilter ALL = new JobFilter(null, null, Set.of(), null, null, null);

	public JobFilter {
		statuses = statuses.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(statuses));
	}

	/**
	 * The same filter, with other statuses.
	 * @param statuses the statuses, every one if empty
	 * @return the filter
	 */
	public JobFilter withStatuses(Set<JobStatus> statuses) {
		return new JobFilter(this.queue, this.type, statuses, this.createdBefore, this.createdAfter, this.error);
	}

	/**
	 * Whether the filter takes every job.
	 * @return {@code true} if no condition is set
	 */
	public boolean takesAll() {
		return this.equals(ALL);
	}

	/**
	 * The SQL conditions of this filter, to join with {@code AND}.
	 * @param params where the conditions' parameters are added, in order
	 * @return the conditions, none if the filter takes every job
	 */
	List<String> conditions(List<Object> params) {
		List<String> sql = new ArrayList<>();
		Set<JobStatus> statuses = this.statuses;
		if (statuses.isEmpty() && this.type != null) {
			// Every status, so that a list by type alone reads the (status, type, id)
			// index: one range per status instead of the whole table.
			statuses = EnumSet.allOf(JobStatus.class);
		}
		if (!statuses.isEmpty()) {
			List<JobStatus> ordered = new ArrayList<>(EnumSet.copyOf(statuses));
			sql.add("status IN (" + JobSql.placeholders(ordered.size()) + ")");
			ordered.forEach((status) -> params.add(status.name()));
		}
		if (this.type != null) {
			sql.add("type = ?");
			params.add(this.type);
		}
		if (this.queue != null) {
			sql.add("queue = ?");
			params.add(this.queue);
		}
		if (this.createdBefore != null) {
			sql.add("created_at < ?");
			params.add(at(this.createdBefore));
		}
		if (this.createdAfter != null) {
			sql.add("created_at >= ?");
			params.add(at(this.createdAfter));
		}
		if (this.error != null) {
			sql.add("LOWER(last_error) LIKE ? ESCAPE '\\'");
			params.add("%" + likeLiteral(this.error.toLowerCase(Locale.ROOT)) + "%");
		}
		return sql;
	}

	/** The text as a LIKE pattern that matches it literally, with {@code \} as escape. */
	static String likeLiteral(String text) {
		return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
	}

}
