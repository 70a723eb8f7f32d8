package dev.longhaul.queue;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class H2ModeCheckTest {

	@Test
	void h2OutsidePostgresqlModeIsRefusedWithTheFix() {
		DriverManagerDataSource dataSource = new DriverManagerDataSource(
				"jdbc:h2:mem:plain-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");

		assertThatIllegalStateException().isThrownBy(() -> JobDatabase.of(dataSource, JdbcClient.create(dataSource)))
			.withMessageContaining("needs H2 in PostgreSQL mode")
			.withMessageContaining(";MODE=PostgreSQL");
	}

}
