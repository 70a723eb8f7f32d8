package dev.longhaul.queue;

import com.zaxxer.hikari.HikariDataSource;

import dev.longhaul.support.TestDatabases;

class H2JobQueueTest extends JobQueueContractTest {

	@Override
	HikariDataSource createDataSource() {
		return TestDatabases.h2();
	}

}
