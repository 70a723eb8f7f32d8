package dev.longhaul.email;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Email metrics: {@code longhaul.email.sent}, {@code .failed} (permanently),
 * {@code .retried} (temporary failures, ambiguous ones included), {@code .ambiguous} (may
 * have been delivered, resent with the same Message-ID), and the
 * {@code longhaul.email.send} timer of SMTP send latency.
 */
final class EmailMetrics {

	private final Counter sent;

	private final Counter failed;

	private final Counter retried;

	private final Counter ambiguous;

	private final Timer send;

	EmailMetrics(MeterRegistry registry) {
		this.sent = Counter.builder("longhaul.email.sent")
			.description("Emails the SMTP server accepted")
			.register(registry);
		this.failed = Counter.builder("longhaul.email.failed")
			.description("Emails failed permanently")
			.register(registry);
		this.retried = Counter.builder("longhaul.email.retried")
			.description("Temporary send failures, retried later")
			.register(registry);
		this.ambiguous = Counter.builder("longhaul.email.ambiguous")
			.description("Sends whose connection failed in flight: maybe delivered, resent with the same Message-ID")
			.register(registry);
		this.send = Timer.builder("longhaul.email.send").description("SMTP send latency").register(registry);
	}

	void record(SendOutcome outcome, Duration took) {
		this.send.record(took);
		switch (outcome.kind()) {
			case SENT -> this.sent.increment();
			case REJECTED -> this.failed.increment();
			case RETRY_LATER -> {
				this.retried.increment();
				if (outcome.ambiguous()) {
					this.ambiguous.increment();
				}
			}
			// No fault of the email, which keeps its tries: the worker's failures count
			// these.
			case SERVER_UNAVAILABLE, MISCONFIGURED -> {
			}
		}
	}

	void failed() {
		this.failed.increment();
	}

}
