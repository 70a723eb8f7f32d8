package dev.longhaul.email;

import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The embedded SMTP sink's settings, {@code longhaul.dev-mail.*} (development mode only).
 *
 * @param maxMessages how many caught messages it keeps in memory, the newest (one per
 * Message-ID); the oldest tenth is purged when one more arrives
 */
@ConfigurationProperties("longhaul.dev-mail")
@Validated
public record DevMailProperties(@DefaultValue("1000") @Positive int maxMessages) {
}
