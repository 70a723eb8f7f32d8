/**
 * The email outbox: a REST API and Java API that enqueue emails durably, and the
 * {@code email-sender} worker that delivers them over SMTP.
 */
@NullMarked
package dev.longhaul.email;

import org.jspecify.annotations.NullMarked;
