package dev.longhaul.email;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Properties;

import org.jspecify.annotations.Nullable;

import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * Whether SMTP connections must switch to TLS with STARTTLS before they send
 * ({@code longhaul.email.require-starttls}), and the Jakarta Mail settings that make
 * them. Mail to a server on another machine then never crosses the network in clear, and
 * a server (or a man in the middle) that does not offer STARTTLS gets nothing.
 */
final class SmtpStartTls {

	private SmtpStartTls() {
	}

	/**
	 * Whether a sender's connections must use STARTTLS: as configured, else when its host
	 * is not a loopback address and its protocol is not {@code smtps} (TLS from the
	 * start).
	 * @param properties the email settings
	 * @param sender the sender, as {@code spring.mail.*} configured it
	 * @return whether STARTTLS is required
	 */
	static boolean required(EmailProperties properties, JavaMailSenderImpl sender) {
		if (properties.requireStarttls() != null) {
			return properties.requireStarttls();
		}
		return !"smtps".equalsIgnoreCase(sender.getProtocol()) && !isLoopback(sender.getHost());
	}

	/**
	 * Whether a host names this machine: {@code localhost} (or no host, which Jakarta
	 * Mail reads as {@code localhost}), or a loopback IP literal. Other names are not
	 * resolved: a name is remote unless it is {@code localhost}.
	 * @param host the host name or IP literal
	 * @return whether it is a loopback address
	 */
	static boolean isLoopback(@Nullable String host) {
		if (host == null || host.isBlank()) {
			return true;
		}
		String name = host.strip().toLowerCase(Locale.ROOT);
		if (name.equals("localhost") || name.endsWith(".localhost")) {
			return true;
		}
		if (name.startsWith("[") && name.endsWith("]")) {
			name = name.substring(1, name.length() - 1);
		}
		if (!name.matches("[0-9.]+") && !name.contains(":")) {
			return false;
		}
		try {
			// an IP literal: parsed, never looked up
			return InetAddress.getByName(name).isLoopbackAddress();
		}
		catch (UnknownHostException ex) {
			return false;
		}
	}

	/**
	 * Makes every connection of a sender switch to TLS with STARTTLS, and fail if the
	 * server does not offer it or its certificate does not match its host name.
	 * @param sender the sender; its session is built again with these settings
	 */
	static void require(JavaMailSenderImpl sender) {
		Properties properties = new Properties();
		properties.putAll(sender.getJavaMailProperties());
		properties.setProperty("mail.smtp.starttls.enable", "true");
		properties.setProperty("mail.smtp.starttls.required", "true");
		properties.setProperty("mail.smtp.ssl.checkserveridentity", "true");
		sender.setJavaMailProperties(properties);
	}

}
