package dev.longhaul.email;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The email outbox's settings, {@code longhaul.email.*}.
 *
 * @param from the sender of every email
 * @param connections SMTP connections each instance sends over at once, one per sending
 * thread, each kept open across emails
 * @param prefetch emails claimed ahead of free connections, waiting in memory for one
 * @param maxPerSecond the most emails sent per second by this instance over all its
 * connections, for providers that throttle; 0 for no limit
 * @param maxBodySize the largest text plus HTML body accepted
 * @param messageIdDomain the domain part of the Message-IDs, which are derived from the
 * email's id so that a resend after a crash carries the same one
 * @param maxAttempts tries an email gets before it is FAILED
 * @param requireStarttls whether every SMTP connection must switch to TLS with STARTTLS
 * (and check the server's certificate and host name) before it sends anything; a server
 * that does not offer it is a configuration error that pauses the email-sender. Unset: on
 * when {@code spring.mail.host} is not a loopback address ({@code localhost},
 * {@code 127.x.x.x}, {@code ::1}) and {@code spring.mail.protocol} is not {@code smtps}
 * (TLS from the start)
 */
@ConfigurationProperties("longhaul.email")
@Validated
public record EmailProperties(@DefaultValue("Longhaul <noreply@localhost>") @NotBlank String from,
		@DefaultValue("4") @Min(1) @Max(64) int connections, @DefaultValue("50") @Min(0) @Max(1000) int prefetch,
		@DefaultValue("0") @PositiveOrZero double maxPerSecond, @DefaultValue("1MB") DataSize maxBodySize,
		@DefaultValue("longhaul.local") @NotBlank String messageIdDomain, @DefaultValue("10") @Positive int maxAttempts,
		@Nullable Boolean requireStarttls) {

	public static EmailProperties defaults() {
		return new EmailProperties("Longhaul <noreply@localhost>", 4, 50, 0, DataSize.ofMegabytes(1), "longhaul.local",
				10, null);
	}

}
