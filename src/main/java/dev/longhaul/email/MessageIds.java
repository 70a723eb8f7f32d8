package dev.longhaul.email;

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
		return "<longhaul." + job.id() + "." + job.createdAt().toEpochMilli() + "@" + domain + ">";
	}

}
