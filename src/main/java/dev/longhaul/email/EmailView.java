package dev.longhaul.email;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * An email as the API shows it.
 *
 * @param id its id
 * @param status where it is
 * @param to recipients
 * @param cc carbon-copy recipients
 * @param bcc blind-copy recipients
 * @param subject the subject
 * @param attempts tries that ended without success
 * @param lastError why the last try failed: the SMTP server's reply, or the category of
 * an unexpected failure (details in the log)
 * @param nextAttemptAt when it is due to be sent, while queued or retrying
 * @param sentAt when the SMTP server accepted it
 * @param messageId its Message-ID, derived from its id
 * @param createdAt when it was enqueued
 */
public record EmailView(long id, EmailStatus status, List<String> to, List<String> cc, List<String> bcc,
		@Nullable String subject, int attempts, @Nullable String lastError, @Nullable Instant nextAttemptAt,
		@Nullable Instant sentAt, String messageId, Instant createdAt) {
}
