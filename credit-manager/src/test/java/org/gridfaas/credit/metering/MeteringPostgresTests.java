package org.gridfaas.credit.metering;

import javax.sql.DataSource;

import org.junit.jupiter.api.extension.RegisterExtension;

import org.gridfaas.credit.PostgresDatabase;

/** The metering contract on a real PostgreSQL server, the production database. */
class MeteringPostgresTests extends MeteringContract {

	@RegisterExtension
	static final PostgresDatabase database = new PostgresDatabase();

	@Override
	DataSource dataSource() {
		return database.dataSource();
	}

}
