/**
 * The throughput and latency benchmark of the queue, the email outbox and the HTTP API,
 * on H2 and PostgreSQL; run by {@code bench/run}, never by {@code ./mvnw verify}.
 */
@NullMarked
package dev.longhaul.bench;

import org.jspecify.annotations.NullMarked;
