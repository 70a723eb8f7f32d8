package dev.longhaul.queue;

import com.zaxxer.hikari.HikariDataSource;

import dev.longhaul.support.TestDatabases;

class PostgresJobQueueTest extends JobQueueContractTest {

	@Override
	HikariDataSource createDataSource() {
		return TestDatabases.postgres();
	}

}
