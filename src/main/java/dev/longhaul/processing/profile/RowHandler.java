package dev.longhaul.processing.profile;

import de.siegmar.fastcsv.reader.CsvCallbackHandler;
import de.siegmar.fastcsv.reader.RecordType;

/**
 * Collects FastCSV's fields of each record into a {@link CsvRow}, with the position the
 * {@link RecordBoundaryReader} has for it: the fields are the pending row of a
 * {@link RowFields} batch, dropped when the next record begins unless committed.
 */
final class RowHandler extends CsvCallbackHandler<CsvRow> {

	static final int MAX_FIELDS = 16_384;

	private final RecordBoundaryReader reader;

	private RowFields fields;

	private final CsvRow row;

	private int fieldCount;

	private boolean empty;

	RowHandler(RecordBoundaryReader reader, RowFields fields) {
		this.reader = reader;
		this.fields = fields;
		this.row = new CsvRow(fields);
	}

	/**
	 * Adds the fields of the next records to another batch.
	 * @param fields the batch
	 */
	void use(RowFields fields) {
		this.fields = fields;
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
		this.fields.beginRow();
		this.empty = false;
	}

	@Override
	protected void addField(char[] buf, int offset, int length, boolean quoted) {
		if (this.fieldCount < MAX_FIELDS) {
			this.fields.add(buf, offset, length);
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
		return this.row.set(this.fields, this.fieldCount, this.reader.recordLine(), this.reader.recordStart(),
				this.reader.recordEnd(), this.reader.nextLine(), this.reader.recordUnterminated());
	}

}
