package dev.longhaul.queue;

import java.time.Duration;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Positive;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import dev.longhaul.worker.Backoff;

/**
 * The job queue's settings, {@code longhaul.queue.*}.
 *
 * @param leaseDuration how long a claim holds a job before another instance may take it
 * over; workers extend it while they run a long job
 * @param maxAttempts tries a job gets before it is DEAD, unless it says otherwise
 * @param retryInitial delay before the first retry of a failed job
 * @param retryMax longest delay between retries
 * @param retryMultiplier growth of the delay per failed try
 * @param retryJitter share of the delay taken off at random, 0 to 1
 */
@ConfigurationProperties("longhaul.queue")
@Validated
public record QueueProperties(@DefaultValue("5m") @DurationMin(seconds = 1) Duration leaseDuration,
		@DefaultValue("10") @Positive int maxAttempts,
		@DefaultValue("10s") @DurationMin(millis = 1) Duration retryInitial,
		@DefaultValue("1h") @DurationMin(millis = 1) Duration retryMax,
		@DefaultValue("2.0") @DecimalMin("1.0") double retryMultiplier,
		@DefaultValue("0.2") @DecimalMin("0.0") @DecimalMax("1.0") double retryJitter) {

	Backoff retryBackoff() {
		return new Backoff(this.retryInitial, this.retryMax, this.retryMultiplier, this.retryJitter);
	}

}
