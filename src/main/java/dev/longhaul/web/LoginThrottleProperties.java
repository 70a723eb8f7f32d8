package dev.longhaul.web;

import java.time.Duration;

import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Throttling of failed sign-ins, {@code longhaul.security.login-throttle.*}.
 *
 * @param maxFailuresPerUser failed attempts for one user name (any case) within
 * {@code window} after which further attempts for that name are refused with 429 until
 * the window ends
 * @param maxFailuresPerAddress the same per client address (higher: several people may
 * share one address behind a NAT)
 * @param window the time over which failures are counted
 */
@ConfigurationProperties("longhaul.security.login-throttle")
@Validated
public record LoginThrottleProperties(@DefaultValue("10") @Min(1) int maxFailuresPerUser,
		@DefaultValue("30") @Min(1) int maxFailuresPerAddress, @DefaultValue("5m") Duration window) {
}
