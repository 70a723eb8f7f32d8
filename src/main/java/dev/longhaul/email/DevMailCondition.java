package dev.longhaul.email;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

import dev.longhaul.config.DevelopmentMode;

/**
 * Matches when no SMTP server is configured ({@code spring.mail.host} unset) in
 * {@link DevelopmentMode development mode}: then the embedded SMTP sink runs and the dev
 * mailbox is served.
 */
final class DevMailCondition implements Condition {

	@Override
	public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
		return !context.getEnvironment().containsProperty("spring.mail.host")
				&& DevelopmentMode.isOn(context.getEnvironment());
	}

}
