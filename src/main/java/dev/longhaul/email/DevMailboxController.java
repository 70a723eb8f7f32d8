package dev.longhaul.email;

import java.util.List;

import org.springframework.context.annotation.Conditional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/dev/mailbox}: what the embedded SMTP sink caught. Exists only while the
 * sink does (no {@code spring.mail.host}, not the {@code prod} profile).
 */
@RestController
@Conditional(DevMailCondition.class)
class DevMailboxController {

	private final DevMailServer server;

	DevMailboxController(DevMailServer server) {
		this.server = server;
	}

	@GetMapping("/api/dev/mailbox")
	Mailbox mailbox() {
		List<DevMailServer.CaughtMessage> messages = this.server.messages();
		return new Mailbox(messages.size(), messages);
	}

	/**
	 * The caught messages.
	 *
	 * @param count how many
	 * @param messages the messages, oldest first
	 */
	record Mailbox(int count, List<DevMailServer.CaughtMessage> messages) {
	}

}
