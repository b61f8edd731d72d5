package org.gridfaas.testing;

import java.sql.Connection;
import java.sql.ResultSet;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PostgresServerTests {

	@Test
	void aRealPostgresqlServerAnswersQueries() throws Exception {
		try (PostgresServer postgres = PostgresServer.start();
				Connection connection = postgres.dataSource().getConnection();
				ResultSet result = connection.createStatement().executeQuery("select version()")) {
			assertThat(result.next()).isTrue();
			assertThat(result.getString(1)).startsWith("PostgreSQL");
			assertThat(postgres.jdbcUrl()).startsWith("jdbc:postgresql://localhost:");
		}
	}

}
