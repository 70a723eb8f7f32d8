package dev.longhaul.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;

import dev.longhaul.config.Sha256;

/**
 * Remembers, for a few minutes, credentials that a slow password check (bcrypt, about 70
 * ms of CPU here) accepted, keyed by a SHA-256 of user and password: API clients send
 * HTTP Basic credentials with every request, and checking bcrypt every time would cap the
 * API at a few dozen requests per second per core. Only successes are remembered.
 */
final class CachedCredentials implements AuthenticationProvider {

	private static final int MAX_ENTRIES = 10_000;

	private final AuthenticationProvider delegate;

	private final Duration ttl;

	private final Clock clock;

	private final Map<String, Entry> accepted = new ConcurrentHashMap<>();

	CachedCredentials(AuthenticationProvider delegate, Duration ttl, Clock clock) {
		this.delegate = delegate;
		this.ttl = ttl;
		this.clock = clock;
	}

	@Override
	public @Nullable Authentication authenticate(Authentication authentication) throws AuthenticationException {
		if (!(authentication.getCredentials() instanceof String password)) {
			return this.delegate.authenticate(authentication);
		}
		String key = Sha256.hex(authentication.getName() + "\u0000" + password);
		Instant now = this.clock.instant();
		Entry entry = this.accepted.get(key);
		if (entry != null && entry.expires().isAfter(now)) {
			return entry.authentication();
		}
		Authentication result = this.delegate.authenticate(authentication);
		if (result != null && result.isAuthenticated()) {
			if (this.accepted.size() >= MAX_ENTRIES) {
				this.accepted.clear();
			}
			Authentication remembered = UsernamePasswordAuthenticationToken.authenticated(result.getPrincipal(), null,
					result.getAuthorities());
			this.accepted.put(key, new Entry(remembered, now.plus(this.ttl)));
			return remembered;
		}
		return result;
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return this.delegate.supports(authentication);
	}

	private record Entry(Authentication authentication, Instant expires) {
	}

}
