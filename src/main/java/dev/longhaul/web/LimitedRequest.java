package dev.longhaul.web;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.Part;
import org.jspecify.annotations.Nullable;

/**
 * A request whose body is counted as it is read and refused past its limit, and whose
 * multipart body stays unparsed (its parameters are the query string's alone) until
 * {@link #admitUpload()}: Spring Security's {@code getParameter} calls (the CSRF token,
 * the login form) then cannot make the container store a body for a caller nobody has
 * authenticated yet. Not thread-safe, like the request.
 */
final class LimitedRequest extends HttpServletRequestWrapper {

	private final RequestSizeLimit.Limit limit;

	private final boolean multipart;

	private boolean admitted;

	private @Nullable CountingInputStream body;

	private @Nullable BufferedReader reader;

	private @Nullable Map<String, String[]> queryParameters;

	LimitedRequest(HttpServletRequest request, RequestSizeLimit.Limit limit, boolean multipart) {
		super(request);
		this.limit = limit;
		this.multipart = multipart;
	}

	/**
	 * Lifts the limit and the multipart lock: the caller may upload a dataset, whose own
	 * limit applies from here on.
	 */
	void admitUpload() {
		this.admitted = true;
	}

	@Override
	public ServletInputStream getInputStream() throws IOException {
		if (this.admitted) {
			return super.getInputStream();
		}
		if (this.body == null) {
			this.body = new CountingInputStream(super.getInputStream(), this.limit);
		}
		return this.body;
	}

	@Override
	public BufferedReader getReader() throws IOException {
		if (this.admitted) {
			return super.getReader();
		}
		if (this.reader == null) {
			String encoding = getCharacterEncoding();
			Charset charset = (encoding != null) ? Charset.forName(encoding) : StandardCharsets.ISO_8859_1;
			this.reader = new BufferedReader(new InputStreamReader(getInputStream(), charset));
		}
		return this.reader;
	}

	@Override
	public @Nullable String getParameter(String name) {
		if (!partsLocked()) {
			return super.getParameter(name);
		}
		String[] values = queryParameters().get(name);
		return (values != null) ? values[0] : null;
	}

	@Override
	public Map<String, String[]> getParameterMap() {
		return partsLocked() ? queryParameters() : super.getParameterMap();
	}

	@Override
	public Enumeration<String> getParameterNames() {
		return partsLocked() ? Collections.enumeration(queryParameters().keySet()) : super.getParameterNames();
	}

	@Override
	public String @Nullable [] getParameterValues(String name) {
		if (!partsLocked()) {
			return super.getParameterValues(name);
		}
		String[] values = queryParameters().get(name);
		return (values != null) ? values.clone() : null;
	}

	@Override
	public Collection<Part> getParts() throws IOException, ServletException {
		if (partsLocked()) {
			throw new IllegalStateException("A multipart body is parsed only for an operator's POST /api/datasets");
		}
		return super.getParts();
	}

	@Override
	public @Nullable Part getPart(String name) throws IOException, ServletException {
		if (partsLocked()) {
			throw new IllegalStateException("A multipart body is parsed only for an operator's POST /api/datasets");
		}
		return super.getPart(name);
	}

	private boolean partsLocked() {
		return this.multipart && !this.admitted;
	}

	private Map<String, String[]> queryParameters() {
		if (this.queryParameters == null) {
			Map<String, List<String>> values = new LinkedHashMap<>();
			String query = getQueryString();
			if (query != null) {
				for (String pair : query.split("&")) {
					if (!pair.isEmpty()) {
						int equals = pair.indexOf('=');
						String name = decode((equals >= 0) ? pair.substring(0, equals) : pair);
						String value = (equals >= 0) ? decode(pair.substring(equals + 1)) : "";
						values.computeIfAbsent(name, (key) -> new ArrayList<>()).add(value);
					}
				}
			}
			Map<String, String[]> parameters = new LinkedHashMap<>();
			values.forEach((name, list) -> parameters.put(name, list.toArray(String[]::new)));
			this.queryParameters = Collections.unmodifiableMap(parameters);
		}
		return this.queryParameters;
	}

	private static String decode(String value) {
		try {
			return URLDecoder.decode(value, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			return value;
		}
	}

	/**
	 * The body, counted: a read that takes it past the limit fails, and so does every
	 * later one.
	 */
	private static final class CountingInputStream extends ServletInputStream {

		private final ServletInputStream in;

		private final RequestSizeLimit.Limit limit;

		private long count;

		CountingInputStream(ServletInputStream in, RequestSizeLimit.Limit limit) {
			this.in = in;
			this.limit = limit;
		}

		@Override
		public int read() throws IOException {
			checkLimit();
			int next = this.in.read();
			if (next != -1) {
				counted(1);
			}
			return next;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			checkLimit();
			int read = this.in.read(buffer, offset, length);
			if (read > 0) {
				counted(read);
			}
			return read;
		}

		private void checkLimit() throws BodyTooLargeException {
			if (this.count > this.limit.bytes()) {
				throw this.limit.exceeded();
			}
		}

		private void counted(int bytes) throws BodyTooLargeException {
			this.count += bytes;
			checkLimit();
		}

		@Override
		public boolean isFinished() {
			return this.in.isFinished();
		}

		@Override
		public boolean isReady() {
			return this.in.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			this.in.setReadListener(listener);
		}

		@Override
		public int available() throws IOException {
			return this.in.available();
		}

		@Override
		public void close() throws IOException {
			this.in.close();
		}

	}

}
