package dev.longhaul.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hand-written HTTP/1.1 exchanges for body limit tests: a request head, then part of a
 * body that is never finished (with a declared {@code Content-Length} it does not reach,
 * or chunked without the last chunk), then the answer. An answer proves the server
 * decided before the body ended; a server that waits for the rest makes the read time out
 * after 10 seconds, and the test fail.
 */
public final class RawHttp {

	private static final int CHUNK = 64 * 1024;

	private RawHttp() {
	}

	/**
	 * Sends a head and a body that never ends, and reads the answer.
	 * @param port the server's port
	 * @param head the request line and headers, without the blank line that ends them
	 * (sent as ISO-8859-1)
	 * @param body the part of the body to send
	 * @param chunked whether to send it chunked (the head then gets
	 * {@code Transfer-Encoding: chunked})
	 * @param whileOpen runs after the answer, before the connection closes
	 * @return the answer, head and body
	 * @throws IOException if the connection fails or the server does not answer in time
	 */
	public static String unfinished(int port, String head, byte[] body, boolean chunked, Runnable whileOpen)
			throws IOException {
		try (Socket socket = new Socket("localhost", port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write((head + (chunked ? "\r\nTransfer-Encoding: chunked" : "") + "\r\n\r\n")
				.getBytes(StandardCharsets.ISO_8859_1));
			if (!chunked) {
				out.write(body);
			}
			else {
				for (int offset = 0; offset < body.length; offset += CHUNK) {
					int length = Math.min(CHUNK, body.length - offset);
					out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
					out.write(body, offset, length);
					out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
				}
			}
			out.flush();
			String answer = read(socket.getInputStream());
			whileOpen.run();
			return answer;
		}
	}

	/**
	 * Sends a head and a body that never ends, and reads the answer.
	 * @param port the server's port
	 * @param head the request line and headers, without the blank line that ends them
	 * @param body the part of the body to send
	 * @param chunked whether to send it chunked
	 * @return the answer, head and body
	 * @throws IOException if the connection fails or the server does not answer in time
	 */
	public static String unfinished(int port, String head, byte[] body, boolean chunked) throws IOException {
		return unfinished(port, head, body, chunked, () -> {
		});
	}

	/**
	 * Reads the head, then a body of its Content-Length, or chunks up to the last one.
	 */
	private static String read(InputStream in) throws IOException {
		StringBuilder answer = new StringBuilder();
		int next;
		while (answer.indexOf("\r\n\r\n") < 0 && (next = in.read()) != -1) {
			answer.append((char) next);
		}
		Matcher length = Pattern.compile("(?im)^Content-Length:\\s*(\\d+)").matcher(answer);
		boolean chunked = Pattern.compile("(?im)^Transfer-Encoding:\\s*chunked").matcher(answer).find();
		int bodyStart = answer.length();
		long expected = length.find() ? Long.parseLong(length.group(1)) : -1;
		// Neither: the body ends when the server closes the connection.
		while (expected < 0 || answer.length() - bodyStart < expected) {
			if (chunked && answer.indexOf("\r\n0\r\n\r\n", bodyStart - 2) >= 0) {
				break;
			}
			next = in.read();
			if (next == -1) {
				break;
			}
			answer.append((char) next);
		}
		return answer.toString();
	}

}
