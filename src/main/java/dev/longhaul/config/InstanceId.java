package dev.longhaul.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * This instance's identity among the instances sharing a database: host, process id and a
 * random part, so two processes never share one (not even a restarted process with a
 * recycled pid). Shown in logs, leases and, to viewers, {@code GET /api/cluster}.
 *
 * @param value the id, such as {@code web-1-4242-9f2c1a}
 */
public record InstanceId(String value) {

	/**
	 * A new id for this process.
	 * @return the id
	 */
	public static InstanceId generate() {
		byte[] random = new byte[3];
		new SecureRandom().nextBytes(random);
		return new InstanceId(
				localHostName() + "-" + ProcessHandle.current().pid() + "-" + HexFormat.of().formatHex(random));
	}

	/**
	 * This machine's host name, or {@code unknown-host}.
	 * @return the host name
	 */
	public static String localHostName() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			return "unknown-host";
		}
	}

	@Override
	public String toString() {
		return this.value;
	}

}
