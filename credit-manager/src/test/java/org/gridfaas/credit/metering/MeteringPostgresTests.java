package org.gridfaas.credit.metering;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import org.gridfaas.credit.TestDataSources;
import org.gridfaas.testing.PostgresServer;

/** The metering contract on a real PostgreSQL server, the production database. */
class MeteringPostgresTests extends MeteringContract {

	static PostgresServer postgres;

	static HikariDataSource dataSource;

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
