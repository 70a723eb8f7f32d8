package dev.longhaul.web;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Who may use Longhaul, {@code longhaul.security.users[i].*}: give them in the
 * environment or a secrets store, never in the repository.
 *
 * @param users the users; none in development mode ({@code longhaul.dev-mode}) means one
 * generated admin, none outside it is a start-up error
 */
@ConfigurationProperties("longhaul.security")
@Validated
public record SecurityUsersProperties(@DefaultValue List<@Valid User> users) {

	/**
	 * A user.
	 *
	 * @param name the user name
	 * @param password a bcrypt hash ({@code $2a$...} or {@code {bcrypt}$2a$...}), or an
	 * {@code {argon2}}, {@code {scrypt}} or {@code {pbkdf2}} one; other {@code {id}}
	 * encodings of Spring Security's delegating encoder ({@code {noop}}, {@code {MD5}},
	 * ...) only in development mode
	 * @param role {@code viewer} (read only), {@code operator} (also enqueues emails and
	 * datasets) or {@code admin} (everything)
	 */
	public record User(@NotBlank String name, @NotBlank String password, @NotNull Role role) {
	}

	/**
	 * Roles, each including the ones below it.
	 */
	public enum Role {

		/** Reads everything (every GET, the API description), changes nothing. */
		VIEWER,

		/** Also enqueues emails and datasets. */
		OPERATOR,

		/** Everything: worker control, cancel, retry, delete, Actuator. */
		ADMIN

	}

}
