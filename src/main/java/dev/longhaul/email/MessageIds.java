package dev.longhaul.email;

import java.time.Instant;

import dev.longhaul.queue.Job;

/**
 * Message-IDs derived from the email's id and creation time: a resend after a crash or an
 * ambiguous failure carries the same Message-ID, so receivers can drop the duplicate; and
 * two databases never mint the same one.
 */
final class MessageIds {

	private MessageIds() {
	}

	static String of(Job job, String domain) {
		return of(job.id(), job.createdAt(), domain);
	}

	static String of(long id, Instant createdAt, String domain) {
		return "<longhaul." + id + "." + createdAt.toEpochMilli() + "@" + domain + ">";
	}

}
