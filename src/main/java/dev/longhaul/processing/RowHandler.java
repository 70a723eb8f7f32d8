package dev.longhaul.processing;

import java.util.Arrays;

import de.siegmar.fastcsv.reader.CsvCallbackHandler;
import de.siegmar.fastcsv.reader.RecordType;

/**
 * Collects FastCSV's fields of each record into a {@link CsvRow}, with the position the
 * {@link RecordBoundaryReader} has for it.
 */
final class RowHandler extends CsvCallbackHandler<CsvRow> {

	static final int MAX_FIELDS = 16_384;

	private final RecordBoundaryReader reader;

	private String[] fields = new String[32];

	private int fieldCount;

	private boolean empty;

	RowHandler(RecordBoundaryReader reader) {
		this.reader = reader;
	}

	@Override
	protected RecordType getRecordType() {
		return this.empty ? RecordType.EMPTY : RecordType.DATA;
	}

	@Override
	protected int getFieldCount() {
		return this.fieldCount;
	}

	@Override
	protected void beginRecord(long startingLineNumber) {
		this.fieldCount = 0;
		this.empty = false;
	}

	@Override
	protected void addField(char[] buf, int offset, int length, boolean quoted) {
		if (this.fieldCount < MAX_FIELDS) {
			if (this.fieldCount == this.fields.length) {
				this.fields = Arrays.copyOf(this.fields, Math.min(MAX_FIELDS, this.fields.length * 2));
			}
			this.fields[this.fieldCount] = new String(buf, offset, length);
		}
		this.fieldCount++;
	}

	@Override
	protected void setComment(char[] buf, int offset, int length) {
		// Comments are not enabled: FastCSV never calls this.
	}

	@Override
	protected void setEmpty() {
		this.empty = true;
	}

	@Override
	protected CsvRow buildRecord() {
		this.reader.takeRecord();
		return new CsvRow(Arrays.copyOf(this.fields, Math.min(this.fieldCount, MAX_FIELDS)), this.fieldCount,
				this.reader.recordLine(), this.reader.recordEnd(), this.reader.nextLine(),
				this.reader.recordUnterminated());
	}

}
