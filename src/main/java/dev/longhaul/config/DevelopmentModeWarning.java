package dev.longhaul.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;

/**
 * Says at start-up, in one WARN line, that {@link DevelopmentMode} is on, as soon as the
 * configuration is read (registered in {@code META-INF/spring.factories}).
 */
public final class DevelopmentModeWarning implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

	private static final Logger logger = LoggerFactory.getLogger(DevelopmentMode.class);

	@Override
	public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
		if (DevelopmentMode.isOn(event.getEnvironment())) {
			logger.warn(
					"Development mode is on ({}, on when no profile is active): without users an admin password "
							+ "is generated, without spring.mail.host mail goes to an embedded sink shown at "
							+ "/api/dev/mailbox. Never run production so: activate a profile or set {}=false.",
					DevelopmentMode.PROPERTY, DevelopmentMode.PROPERTY);
		}
	}

}
