package org.gridfaas.credit.ledger;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import org.gridfaas.credit.TestDataSources;
import org.gridfaas.testing.PostgresServer;

/** The ledger contract on a real PostgreSQL server, the production database. */
class LedgerPostgresTests extends LedgerContract {

	static PostgresServer postgres;

	static com.zaxxer.hikari.HikariDataSource dataSource;

	@BeforeAll
	static void start() {
		postgres = PostgresServer.start();
		dataSource = TestDataSources.postgres(postgres);
	}

	@AfterAll
	static void stop() {
		dataSource.close();
		postgres.close();
	}

	@Override
	DataSource dataSource() {
		return dataSource;
	}

}
