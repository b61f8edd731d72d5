package org.gridfaas.credit.ledger;

import javax.sql.DataSource;

import org.junit.jupiter.api.extension.RegisterExtension;

import org.gridfaas.credit.PostgresDatabase;

/** The ledger contract on a real PostgreSQL server, the production database. */
class LedgerPostgresTests extends LedgerContract {

	@RegisterExtension
	static final PostgresDatabase database = new PostgresDatabase();

	@Override
	DataSource dataSource() {
		return database.dataSource();
	}

}
