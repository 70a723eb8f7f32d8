package dev.longhaul.queue;

import java.time.Clock;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import dev.longhaul.config.InstanceId;

import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class H2ModeCheckTest {

	@Test
	void h2OutsidePostgresqlModeIsRefusedWithTheFix() {
		DriverManagerDataSource dataSource = new DriverManagerDataSource(
				"jdbc:h2:mem:plain-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");

		assertThatIllegalStateException()
			.isThrownBy(() -> new JobQueue(dataSource, JdbcClient.create(dataSource),
					new TransactionTemplate(new DataSourceTransactionManager(dataSource)), Clock.systemUTC(),
					new InstanceId("test"), JobQueueContractTest.PROPERTIES, new JobSignals()))
			.withMessageContaining("needs H2 in PostgreSQL mode")
			.withMessageContaining(";MODE=PostgreSQL");
	}

}
