package dev.longhaul.email;

import org.springframework.context.annotation.Conditional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.longhaul.web.InvalidRequestException;

/**
 * {@code GET /api/dev/mailbox}: what the embedded SMTP sink caught (its newest
 * {@code longhaul.dev-mail.max-messages}). Exists only while the sink does (no
 * {@code spring.mail.host}, development mode on).
 */
@RestController
@Conditional(DevMailCondition.class)
class DevMailboxController {

	static final int MAX_LIMIT = 1000;

	private final DevMailServer server;

	DevMailboxController(DevMailServer server) {
		this.server = server;
	}

	/**
	 * The newest caught messages (100 unless {@code limit} says otherwise, up to 1000),
	 * oldest first, and how many were caught in all.
	 */
	@GetMapping("/api/dev/mailbox")
	DevMailServer.Caught mailbox(@RequestParam(defaultValue = "100") int limit) {
		if (limit < 1 || limit > MAX_LIMIT) {
			throw new InvalidRequestException("limit", "must be between 1 and " + MAX_LIMIT);
		}
		return this.server.newest(limit);
	}

}
