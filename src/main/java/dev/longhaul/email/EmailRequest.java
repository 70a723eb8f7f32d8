package dev.longhaul.email;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * An email to send, as posted to {@code /api/emails} and stored as the job's payload.
 *
 * @param to recipients, 1 to 50
 * @param cc carbon-copy recipients, up to 50
 * @param bcc blind-copy recipients, up to 50
 * @param replyTo where replies go
 * @param subject the subject, up to 998 characters
 * @param text the plain-text body
 * @param html the HTML body; at least one of text and HTML is required
 */
public record EmailRequest(@Nullable List<String> to, @Nullable List<String> cc, @Nullable List<String> bcc,
		@Nullable String replyTo, @Nullable String subject, @Nullable String text, @Nullable String html) {

	List<String> toOrEmpty() {
		return (this.to != null) ? this.to : List.of();
	}

	List<String> ccOrEmpty() {
		return (this.cc != null) ? this.cc : List.of();
	}

	List<String> bccOrEmpty() {
		return (this.bcc != null) ? this.bcc : List.of();
	}

}
