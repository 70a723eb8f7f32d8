package dev.longhaul.config;

import org.springframework.core.env.Environment;

/**
 * Development mode, the one switch behind every development fallback: a generated admin
 * password when no users are configured, the embedded SMTP sink and
 * {@code GET /api/dev/mailbox} when no SMTP server is. It is {@code longhaul.dev-mode}
 * when set; unset, it is on only when no profile is active (the README's
 * {@code ./mvnw spring-boot:run}) and off under any named profile ({@code prod},
 * {@code postgres}, {@code production}, ...), so a deployment never falls back by
 * accident.
 */
public final class DevelopmentMode {

	/** The property that turns development mode on or off. */
	public static final String PROPERTY = "longhaul.dev-mode";

	private DevelopmentMode() {
	}

	/**
	 * Whether development mode is on.
	 * @param environment the application's environment
	 * @return {@code longhaul.dev-mode} if set, else whether no profile is active
	 */
	public static boolean isOn(Environment environment) {
		Boolean set = environment.getProperty(PROPERTY, Boolean.class);
		return (set != null) ? set : environment.getActiveProfiles().length == 0;
	}

}
