package dev.longhaul.web;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Checks a password only when the {@link LoginThrottle} allows it, and tells the throttle
 * how the check went. Placed behind {@link CachedCredentials}, so credentials already
 * accepted keep working while an attacker guesses at the same name, and a refused attempt
 * costs no bcrypt.
 */
final class ThrottledAuthentication implements AuthenticationProvider {

	private final AuthenticationProvider delegate;

	private final LoginThrottle throttle;

	ThrottledAuthentication(AuthenticationProvider delegate, LoginThrottle throttle) {
		this.delegate = delegate;
		this.throttle = throttle;
	}

	@Override
	public @Nullable Authentication authenticate(Authentication authentication) throws AuthenticationException {
		String user = authentication.getName();
		String address = (authentication.getDetails() instanceof WebAuthenticationDetails details)
				? details.getRemoteAddress() : null;
		Duration wait = this.throttle.refusal(user, address);
		if (wait != null) {
			throw new LoginThrottledException(wait);
		}
		Authentication result;
		try {
			result = this.delegate.authenticate(authentication);
		}
		catch (AuthenticationException ex) {
			this.throttle.failed(user, address);
			throw ex;
		}
		if (result != null && result.isAuthenticated()) {
			this.throttle.succeeded(user);
		}
		return result;
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return this.delegate.supports(authentication);
	}

}
