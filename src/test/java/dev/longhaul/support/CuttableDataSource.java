package dev.longhaul.support;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * A data source whose connections can be refused, as a pool does while its database is
 * unreachable: for unit tests of what an outage does. (Integration tests cut a real
 * connection with {@link TcpProxy}.)
 */
public final class CuttableDataSource extends DelegatingDataSource {

	private volatile boolean cut;

	private final AtomicInteger refused = new AtomicInteger();

	public CuttableDataSource(DataSource target) {
		super(target);
	}

	/** From now on, every connection is refused. */
	public void cut() {
		this.cut = true;
	}

	/** From now on, connections are handed out again. */
	public void restore() {
		this.cut = false;
	}

	/**
	 * How many connections were refused so far.
	 * @return the count
	 */
	public int refused() {
		return this.refused.get();
	}

	@Override
	public Connection getConnection() throws SQLException {
		if (this.cut) {
			this.refused.incrementAndGet();
			throw new SQLTransientConnectionException("Connection is not available: the database is unreachable");
		}
		return super.getConnection();
	}

}
