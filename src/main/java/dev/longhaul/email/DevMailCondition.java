package dev.longhaul.email;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Profiles;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when no SMTP server is configured ({@code spring.mail.host} unset) and the
 * {@code prod} profile is not active: then the embedded SMTP sink runs and the dev
 * mailbox is served.
 */
final class DevMailCondition implements Condition {

	@Override
	public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
		return !context.getEnvironment().containsProperty("spring.mail.host")
				&& !context.getEnvironment().acceptsProfiles(Profiles.of("prod"));
	}

}
