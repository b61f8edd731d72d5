package org.gridfaas.credit.account;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import org.gridfaas.testing.PostgresServer;

/**
 * The account repository contract on a real PostgreSQL server, the production database.
 */
class AccountRepositoryPostgresTests extends AccountRepositoryContract {

	static PostgresServer postgres;

	@BeforeAll
	static void start() {
		postgres = PostgresServer.start();
	}

	@AfterAll
	static void stop() {
		postgres.close();
	}

	@Override
	DataSource dataSource() {
		return postgres.dataSource();
	}

}
