package dev.longhaul.processing.profile;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes UTF-8 for FastCSV one record at a time, so that the exact byte offset and line
 * number after every record are known, whatever FastCSV buffers.
 *
 * <p>
 * It follows the record structure as FastCSV's strict parser does (quotes open only at
 * the start of a field or right after a closing quote, line breaks inside quotes belong
 * to the field) and hands out no character past the end of a record in one {@code read}:
 * so when FastCSV completes a record, this reader has just completed the same one, which
 * {@link #takeRecord()} checks. A CR LF pair is handed out whole. Lines are counted here
 * (CR, LF and CR LF each end one), not by FastCSV, so that they do not depend on where a
 * run resumed.
 *
 * <p>
 * It also works around a FastCSV 4.0.0 flaw: after a quoted field holding a lone CR, an
 * LF ending the record is taken for the second half of a CR LF, and the record runs on.
 * Such an LF is handed out as a CR (a line break is never part of a field, so no value
 * changes).
 *
 * <p>
 * It rejects input that is not CSV text: invalid UTF-8, and a NUL byte anywhere (checked
 * on the raw bytes of the first {@value #SNIFF_BYTES} bytes of a file, so that a binary
 * file is named as such before its bytes fail to decode). It also rejects a field or a
 * record larger than its {@link CsvLimits}, counted in bytes of the file, as soon as the
 * characters handed out pass the limit: FastCSV then never holds more than a limit's
 * worth of one record. At the start of a file it skips a UTF-8 byte order mark. Closing
 * it leaves the stream open. Not thread-safe.
 */
final class RecordBoundaryReader extends Reader {

	static final int SNIFF_BYTES = 1024;

	private static final int BLOCK = 64 * 1024;

	private static final int FIELD_START = 0;

	private static final int UNQUOTED = 1;

	private static final int QUOTED = 2;

	private static final int QUOTE_CLOSED = 3;

	private final InputStream in;

	private final char delimiter;

	private final char quote;

	private final long start;

	private final int maxFieldBytes;

	private final int maxRecordBytes;

	/** The ASCII characters that may change the state of an unquoted field. */
	private final byte[] unquotedStops;

	/** The ASCII characters that may change the state of a quoted field. */
	private final byte[] quotedStops;

	private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
		.onMalformedInput(CodingErrorAction.REPORT)
		.onUnmappableCharacter(CodingErrorAction.REPORT);

	private final ByteBuffer bytes = ByteBuffer.allocate(BLOCK).flip();

	private final CharBuffer chars = CharBuffer.allocate(BLOCK).flip();

	private long bytesRead;

	private boolean inputEnded;

	private boolean drained;

	private boolean bomChecked;

	private long offset;

	private long line;

	private boolean afterCr;

	private int state = FIELD_START;

	private boolean quotedLoneCr;

	private boolean inRecord;

	private int completed;

	private long recordLine;

	/** The byte offset at which the current (or last completed) record starts. */
	private long recordStart;

	/** The byte offset at which the current field starts. */
	private long fieldStart;

	private long recordEnd;

	private long nextLine;

	private boolean recordUnterminated;

	/**
	 * A reader of a stream positioned at a record boundary.
	 * @param in the stream, positioned at {@code offset}
	 * @param offset the byte offset of the stream's position in the file
	 * @param line the line number at that offset
	 * @param delimiter the field delimiter
	 * @param quote the quote character
	 */
	RecordBoundaryReader(InputStream in, long offset, long line, char delimiter, char quote) {
		this(in, offset, line, delimiter, quote, CsvLimits.DEFAULTS);
	}

	/**
	 * A reader of a stream positioned at a record boundary.
	 * @param in the stream, positioned at {@code offset}
	 * @param offset the byte offset of the stream's position in the file
	 * @param line the line number at that offset
	 * @param delimiter the field delimiter
	 * @param quote the quote character
	 * @param limits the largest field and record
	 */
	RecordBoundaryReader(InputStream in, long offset, long line, char delimiter, char quote, CsvLimits limits) {
		this.in = in;
		this.maxFieldBytes = limits.maxFieldBytes();
		this.maxRecordBytes = limits.maxRecordBytes();
		this.start = offset;
		this.offset = offset;
		this.line = line;
		this.nextLine = line;
		this.recordEnd = offset;
		this.recordStart = offset;
		this.delimiter = delimiter;
		this.quote = quote;
		this.unquotedStops = stops(delimiter);
		this.quotedStops = stops(quote);
		this.bomChecked = offset != 0;
	}

	@Override
	public int read(char[] buffer, int off, int len) throws IOException {
		if (len == 0) {
			return 0;
		}
		// One character of room stays free for the LF of a CR LF (FastCSV asks for 8192).
		int end = off + len;
		int limit = off + Math.max(1, len - 1);
		int n = off;
		while (n < limit) {
			if (this.inRecord && this.chars.hasRemaining()) {
				n = copyWithinLine(buffer, n, limit);
				if (n == limit) {
					break;
				}
			}
			if (!this.chars.hasRemaining() && !fill()) {
				if (this.inRecord) {
					checkField(this.fieldStart, this.offset);
					complete(this.state == QUOTED);
				}
				break;
			}
			char c = this.chars.get();
			if (!this.inRecord) {
				this.inRecord = true;
				this.recordLine = this.line;
				this.recordStart = this.offset;
				this.fieldStart = this.offset;
				this.state = FIELD_START;
				this.quotedLoneCr = false;
			}
			if (c == 0) {
				throw nul(this.offset);
			}
			buffer[n++] = c;
			int length = utf8Length(c);
			this.offset += length;
			if (c == '\r' || c == '\n') {
				boolean crlf = c == '\n' && this.afterCr;
				if (!crlf) {
					this.line++;
				}
				this.afterCr = c == '\r';
				if (this.state == QUOTED) {
					this.quotedLoneCr = c == '\r';
					continue;
				}
				if (c == '\n' && this.quotedLoneCr) {
					// FastCSV 4.0.0 remembers a lone CR inside the quoted field and would
					// take this LF for the end of a CR LF, running the record on into the
					// next line and dropping the field: it gets a CR instead, ending the
					// record as it is.
					buffer[n - 1] = '\r';
				}
				checkField(this.fieldStart, this.offset - length);
				if (buffer[n - 1] == '\r' && n < end && (this.chars.hasRemaining() || fill())
						&& this.chars.get(this.chars.position()) == '\n') {
					buffer[n++] = this.chars.get();
					this.offset++;
					if (c == '\n') {
						this.line++;
					}
					this.afterCr = false;
				}
				complete(false);
				break;
			}
			this.afterCr = false;
			this.state = next(this.state, c);
			if (this.state == FIELD_START) {
				checkField(this.fieldStart, this.offset - length);
				this.fieldStart = this.offset;
			}
			if (this.state == FIELD_START || this.state == UNQUOTED) {
				this.quotedLoneCr = false;
			}
		}
		checkLimits();
		return (n == off) ? -1 : n - off;
	}

	/**
	 * Fails once the record or field being handed out (or the record just completed) is
	 * larger than its limit.
	 */
	private void checkLimits() {
		if (this.offset - this.recordStart > this.maxRecordBytes) {
			throw new NotCsvException("Not CSV: the record at line " + this.recordLine + " is larger than "
					+ CsvLimits.format(this.maxRecordBytes) + " (longhaul.processing.max-record-size)");
		}
		if (this.inRecord) {
			checkField(this.fieldStart, this.offset);
		}
	}

	private void checkField(long start, long end) {
		if (end - start > this.maxFieldBytes) {
			throw new NotCsvException("Not CSV: a field of the record at line " + this.recordLine + " is larger than "
					+ CsvLimits.format(this.maxFieldBytes) + " (longhaul.processing.max-field-size)");
		}
	}

	private NotCsvException nul(long at) {
		return new NotCsvException("Not CSV text: binary content (a NUL byte at byte offset " + at + ")");
	}

	/**
	 * Hands out decoded characters up to the next line break, straight from the decoded
	 * array, as the per-character loop of {@link #read} would.
	 * @param buffer where to put them
	 * @param from where in the buffer to start
	 * @param limit where in the buffer to stop at the latest
	 * @return where in the buffer it stopped
	 */
	private int copyWithinLine(char[] buffer, int from, int limit) {
		char[] source = this.chars.array();
		int start = this.chars.arrayOffset() + this.chars.position();
		int stop = start + Math.min(this.chars.remaining(), limit - from);
		byte[] unquotedStops = this.unquotedStops;
		byte[] quotedStops = this.quotedStops;
		int state = this.state;
		boolean quotedLoneCr = this.quotedLoneCr;
		long fieldStart = this.fieldStart;
		long base = this.offset - start;
		long extraBytes = 0;
		int p = start;
		scan: while (p < stop) {
			char c = source[p];
			// Runs of plain ASCII change no state: skip them in a tight loop.
			if (state == UNQUOTED) {
				while (c < 0x80 && unquotedStops[c] == 0) {
					if (++p == stop) {
						break scan;
					}
					c = source[p];
				}
			}
			else if (state == QUOTED) {
				while (c < 0x80 && quotedStops[c] == 0) {
					if (++p == stop) {
						break scan;
					}
					c = source[p];
				}
			}
			if (c == '\r' || c == '\n') {
				break;
			}
			if (c == 0) {
				throw nul(base + p + extraBytes);
			}
			p++;
			int length = 1;
			if (c >= 0x80) {
				length = utf8Length(c);
				extraBytes += length - 1;
			}
			state = next(state, c);
			if (state == FIELD_START) {
				long after = base + p + extraBytes;
				checkField(fieldStart, after - length);
				fieldStart = after;
			}
			if (state == FIELD_START || state == UNQUOTED) {
				quotedLoneCr = false;
			}
		}
		int count = p - start;
		if (count > 0) {
			System.arraycopy(source, start, buffer, from, count);
			this.chars.position(this.chars.position() + count);
			this.state = state;
			this.quotedLoneCr = quotedLoneCr;
			this.fieldStart = fieldStart;
			this.offset += count + extraBytes;
			this.afterCr = false;
		}
		return from + count;
	}

	/**
	 * The ASCII characters that end a run in a state: line breaks, NUL (never CSV text)
	 * and the one character that changes the state.
	 */
	private static byte[] stops(char c) {
		byte[] stops = new byte[0x80];
		stops[0] = 1;
		stops['\r'] = 1;
		stops['\n'] = 1;
		if (c < 0x80) {
			stops[c] = 1;
		}
		return stops;
	}

	private int next(int state, char c) {
		return switch (state) {
			case FIELD_START -> (c == this.quote) ? QUOTED : (c == this.delimiter) ? FIELD_START : UNQUOTED;
			case UNQUOTED -> (c == this.delimiter) ? FIELD_START : UNQUOTED;
			case QUOTED -> (c == this.quote) ? QUOTE_CLOSED : QUOTED;
			// FastCSV reads characters after a closing quote into the field, as we allow
			// it to
			default -> (c == this.quote) ? QUOTED : (c == this.delimiter) ? FIELD_START : QUOTE_CLOSED;
		};
	}

	private void complete(boolean unterminated) {
		this.inRecord = false;
		this.completed++;
		this.recordEnd = this.offset;
		this.nextLine = this.line;
		this.recordUnterminated = unterminated;
	}

	/**
	 * Marks the record FastCSV just parsed as taken.
	 * @throws IllegalStateException if FastCSV and this reader disagree on where it ends
	 */
	void takeRecord() {
		if (this.completed != 1 || this.inRecord) {
			throw new IllegalStateException("CSV record boundaries out of step near line " + this.line);
		}
		this.completed = 0;
	}

	/**
	 * The byte offset at which the last completed record starts.
	 * @return the offset
	 */
	long recordStart() {
		return this.recordStart;
	}

	/**
	 * The line on which the last completed record starts.
	 * @return the line number
	 */
	long recordLine() {
		return this.recordLine;
	}

	/**
	 * The byte offset just after the last completed record.
	 * @return the offset
	 */
	long recordEnd() {
		return this.recordEnd;
	}

	/**
	 * The line number just after the last completed record.
	 * @return the line number
	 */
	long nextLine() {
		return this.nextLine;
	}

	/**
	 * Whether the last completed record ended inside a quoted field, at the end of input.
	 * @return whether a quote was left open
	 */
	boolean recordUnterminated() {
		return this.recordUnterminated;
	}

	/**
	 * The byte offset of everything handed out so far.
	 * @return the offset
	 */
	long offset() {
		return this.offset;
	}

	/**
	 * The line number at {@link #offset()}.
	 * @return the line number
	 */
	long line() {
		return this.line;
	}

	@Override
	public void close() {
		// The caller owns the stream.
	}

	private boolean fill() throws IOException {
		if (this.drained) {
			return false;
		}
		this.chars.compact();
		try {
			while (this.chars.position() == 0 && !this.drained) {
				if (!this.inputEnded) {
					this.bytes.compact();
					int read = this.in.read(this.bytes.array(), this.bytes.position(), this.bytes.remaining());
					if (read < 0) {
						this.inputEnded = true;
					}
					else {
						sniff(this.bytes.position(), read);
						this.bytes.position(this.bytes.position() + read);
						this.bytesRead += read;
					}
					this.bytes.flip();
				}
				CoderResult result = this.decoder.decode(this.bytes, this.chars, this.inputEnded);
				if (result.isError()) {
					throw new NotCsvException("Not UTF-8 text: invalid byte sequence at byte offset "
							+ (this.start + this.bytesRead - this.bytes.remaining()));
				}
				if (this.inputEnded) {
					this.decoder.flush(this.chars);
					this.drained = true;
				}
			}
		}
		finally {
			this.chars.flip();
		}
		if (!this.bomChecked && this.chars.hasRemaining()) {
			this.bomChecked = true;
			if (this.chars.get(this.chars.position()) == '\uFEFF') {
				this.chars.get();
				this.offset += 3;
			}
		}
		return this.chars.hasRemaining();
	}

	private void sniff(int from, int count) {
		byte[] array = this.bytes.array();
		for (int i = 0; i < count && this.start + this.bytesRead + i < SNIFF_BYTES; i++) {
			if (array[from + i] == 0) {
				throw nul(this.start + this.bytesRead + i);
			}
		}
	}

	private static int utf8Length(char c) {
		if (c < 0x80) {
			return 1;
		}
		if (c < 0x800) {
			return 2;
		}
		// each half of a surrogate pair stands for 2 of the pair's 4 bytes
		return Character.isSurrogate(c) ? 2 : 3;
	}

}
